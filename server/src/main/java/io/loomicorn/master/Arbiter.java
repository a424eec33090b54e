package io.loomicorn.master;

import io.loomicorn.admin.AdminServer;
import io.loomicorn.admin.ControlCommand;
import io.loomicorn.admin.ControlSocket;
import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigLoader;
import io.loomicorn.config.LoadResult;
import io.loomicorn.config.Settings;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.MasterInfo;
import io.loomicorn.app.SettingsView;
import io.loomicorn.internal.Posix;
import io.loomicorn.logging.LogCounts;
import io.loomicorn.logging.Logging;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.metrics.AppMetricsCollector;
import io.loomicorn.metrics.ExitCause;
import io.loomicorn.metrics.MasterView;
import io.loomicorn.metrics.MetricsLedger;
import io.loomicorn.metrics.PrometheusExposition;
import io.loomicorn.metrics.StatsdReporter;
import io.loomicorn.systemd.SdNotify;
import io.loomicorn.systemd.SystemdNotifier;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.worker.ControlChannel;
import io.loomicorn.worker.WorkerClasses;
import io.loomicorn.worker.WorkerHandshake;
import org.apache.logging.log4j.Level;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The master's loop: gunicorn's arbiter on the JVM.
 *
 * <p>One thread owns all state. Signals, worker messages and worker exits arrive as
 * {@link MasterEvent}s on a queue; after each event (or a quarter second without one) the
 * loop reads the heartbeats and lets the {@link Roster} act on the time.
 *
 * <p>What to do with the workers (how many, which generation, overlap on reload and
 * recycle, back-off after failed boots, timeouts, stopping) is decided by the
 * {@link Roster}, a pure model. The arbiter owns the I/O around it: the settings and their
 * reload, the signals, the queue, the hooks, the logs, the listeners, the spawner and the
 * processes; it tells the roster what happened and carries out its {@link RosterAction}s.
 *
 * <p>After every turn it publishes a {@link MasterView} for its observers, which read that
 * and the {@link MetricsLedger} on their own threads: the admin endpoint, the control
 * socket, statsd. It tells systemd what changed ({@link SystemdNotifier}).
 */
public final class Arbiter implements MasterInfo {

    /** Exit code of a cold start whose workers could not boot. */
    public static final int EXIT_BOOT_FAILURE = Roster.EXIT_BOOT_FAILURE;

    private static final long POLL_MILLIS = 250;

    private final String[] args;
    private final Map<String, String> env;
    private final Path cwd;
    private final BlockingQueue<MasterEvent> events = new LinkedBlockingQueue<>();
    private final Map<WorkerProcess, WorkerJvm> jvms = new HashMap<>();
    private final WorkerSpawner spawner = new WorkerSpawner();
    private final long pid = ProcessHandle.current().pid();
    private final long startedMillis = System.currentTimeMillis();
    private final MetricsLedger ledger = new MetricsLedger();
    private volatile MasterView view = MasterView.starting(pid, MasterSetup.version());
    private final AppMetricsCollector appMetrics = new AppMetricsCollector(pid);
    private PrometheusExposition exposition;
    private AdminServer admin;
    private ControlSocket controlSocket;
    private StatsdReporter statsd;
    private SdNotify sdNotify;
    private SystemdNotifier systemd;
    private Map<String, Object> settingsSummary = Map.of();

    private Config config;
    private Roster roster;
    private WorkerFactory factory;
    private Hooks hooks;
    private List<BoundListener> listeners = List.of();
    private Pidfile pidfile;
    private int[] identity;
    private CodeWatcher watcher;
    private AotCache aot;
    private boolean aotTrainingDue;

    /**
     * Creates the arbiter.
     *
     * @param config the resolved settings
     * @param args   the command line, re-read on HUP
     * @param env    the environment
     * @param cwd    the working directory
     */
    public Arbiter(Config config, String[] args, Map<String, String> env, Path cwd) {
        this.config = config;
        this.args = args.clone();
        this.env = env;
        this.cwd = cwd;
    }

    /**
     * Runs the master until it stops.
     *
     * @return the process exit code
     */
    public int run() {
        roster = new Roster(timeout(config), grace(config), System.nanoTime());
        roster.shutdownDelay(Duration.ofSeconds(config.get(Settings.SHUTDOWN_DELAY)));
        LogCounts.countInto(ledger::logged);
        ProcessName.applyToMaster(config);
        try {
            MasterSetup setup = MasterSetup.prepare(config, env);
            factory = setup.factory();
            spawner.workerClass(factory, config);
            hooks = setup.hooks();
            identity = setup.identity();
            pidfile = setup.pidfile();
            ServerLog.ERROR.info("Starting loomicorn {}", MasterSetup.version());
            // gunicorn's order: the pid file, then on_starting, then the listeners.
            if (pidfile != null) {
                pidfile.write();
            }
            hooks.onStarting(this);
            listeners = setup.bind();
            factory.validate(addresses(listeners), config);
            setup.preload(spawner);
            for (BoundListener l : listeners) {
                ServerLog.ERROR.info("Listening at: {} ({})", l.url(config.get(Settings.CERTFILE).isPresent()), pid);
            }
            startOperations();
        } catch (MasterSetup.SetupException e) {
            System.err.println(e.getMessage());
            abandonStart();
            return e.exitCode();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().startsWith("Error:") ? e.getMessage() : "Error: " + e.getMessage());
            abandonStart();
            return 1;
        } catch (IOException e) {
            System.err.println(e.getMessage());
            abandonStart();
            return 1;
        }
        WorkerOwnership.apply(identity, listeners, config);
        ServerLog.ERROR.debug("Arbiter booted");
        ServerLog.ERROR.info("Using worker: {}", factory.name());
        Logging.sendStandardErrorToErrorLog();
        if (config.get(Settings.SPEW)) {
            ServerLog.ERROR.warn("Spew is on: each worker records a JFR method trace of the application's class to {};"
                    + " read it with: jfr print --events jdk.MethodTrace FILE",
                    WorkerSpawner.spewDirectory(config).resolve("loomicorn-spew-<pid>.jfr"));
        }
        MasterSignals.install(events);
        if (config.get(Settings.RELOAD)) {
            watcher = new CodeWatcher(config.get(Settings.CLASSPATH), config.get(Settings.RELOAD_EXTRA_FILES), events);
            watcher.start();
        }
        roster.setTarget(config.get(Settings.WORKERS));
        targetChanged(-1);
        settingsSummary = settingsSummary();
        publish();
        prepareAotCache();
        hooks.whenReady(this);
        try {
            // The first workers spawn now rather than after the loop's first wait (250 ms).
            perform(roster.tick(System.nanoTime()));
            loop();
        } catch (RuntimeException | Error e) {
            ServerLog.ERROR.error("Unhandled exception in main loop", e);
            perform(roster.loopFailed(System.nanoTime()));
            waitForWorkers();
        }
        return finish();
    }

    private void loop() {
        while (!roster.finished()) {
            MasterEvent event;
            try {
                event = events.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event != null) {
                handle(event);
                // Drain what else is queued before acting on the state.
                for (MasterEvent more; (more = events.poll()) != null; ) {
                    handle(more);
                }
            }
            long now = System.nanoTime();
            for (WorkerProcess w : roster.workers()) {
                w.beat(jvms.get(w).heartbeat().read(), now);
            }
            perform(roster.tick(now));
            trainAotCacheOnceServing();
            publish();
            notifySystemd(now);
        }
    }

    private void handle(MasterEvent event) {
        switch (event) {
            case MasterEvent.Signal(String name) -> onSignal(name);
            case MasterEvent.Message(WorkerProcess w, String line) -> onMessage(w, line);
            case MasterEvent.Exited(WorkerProcess w, int code) -> onExit(w, code);
            case MasterEvent.CodeChanged(Path path) -> {
                if (!roster.stopping()) {
                    ServerLog.ERROR.info("Worker reloading: {} modified", path);
                    sdNotify.send(systemd.reloading(System.nanoTime()));
                    prepareAotCache();
                    runOnReload();
                    roster.newGeneration(System.nanoTime());
                }
            }
            case MasterEvent.Control(ControlCommand.Action action, CompletableFuture<String> reply) -> control(action, reply);
        }
    }

    /** Carries out what the roster decided. */
    private void perform(List<RosterAction> actions) {
        for (RosterAction action : actions) {
            switch (action) {
                case RosterAction.Spawn(int age, int generation) -> spawn(age, generation);
                case RosterAction.Stop(WorkerProcess w, boolean fast) -> signal(w, fast ? Posix.SIGINT : Posix.SIGTERM);
                case RosterAction.Abort(WorkerProcess w) -> abort(w);
                case RosterAction.Kill(WorkerProcess w, RosterAction.Why why) -> {
                    if (why == RosterAction.Why.GRACEFUL_TIMEOUT) {
                        ServerLog.ERROR.warn("Worker graceful timeout (pid:{})", w.pid());
                    }
                    signal(w, Posix.SIGKILL);
                }
                case RosterAction.Reaped(WorkerProcess w, int code) -> logExit(w, code);
                case RosterAction.RetryBoot(long backoff, String reason) ->
                        ServerLog.ERROR.error("Worker failed to boot, retrying in {} ms: {}",
                                TimeUnit.NANOSECONDS.toMillis(backoff), reason);
                case RosterAction.ReloadFailed(String reason) ->
                        ServerLog.ERROR.error("Reload failed, the previous workers keep serving: {}", reason);
                case RosterAction.QuickShutdown() -> ServerLog.ERROR.info("Quick shutdown requested");
                case RosterAction.CloseListeners() -> closeListeners();
            }
        }
    }

    private void onSignal(String name) {
        ServerLog.ERROR.info("Handling signal: {}", name.toLowerCase());
        act(name);
    }

    /** What a signal does; the control socket's commands do the same. */
    private void act(String name) {
        switch (name) {
            case "TERM" -> {
                perform(roster.stop(false, System.nanoTime()));
                if (roster.stopDelayed()) {
                    ServerLog.ERROR.info("Stopping in {} s (shutdown_delay): /readyz answers 503, the workers serve "
                            + "until then", config.get(Settings.SHUTDOWN_DELAY));
                }
            }
            case "INT" -> perform(roster.stop(true, System.nanoTime()));
            case "HUP" -> {
                ServerLog.ERROR.info("Hang up: Master");
                if (!roster.stopping()) {
                    sdNotify.send(systemd.reloading(System.nanoTime()));
                }
                reload();
            }
            case "TTIN" -> setTarget(roster.target() + 1);
            case "TTOU" -> {
                int old = roster.target();
                if (roster.decrement()) {
                    targetChanged(old);
                }
            }
            case "USR1" -> {
                Logging.reopen();
                WorkerOwnership.apply(identity, listeners, config);
                for (WorkerProcess w : roster.workers()) {
                    signal(w, Posix.SIGUSR1);
                }
            }
            case "WINCH" -> ServerLog.ERROR.debug("SIGWINCH ignored. Not daemonized");
            default -> ServerLog.ERROR.debug("Ignoring signal {}", name);
        }
    }

    /**
     * A {@code loomicorn ctl} command: the signals it stands for, by the same rules, then
     * one line for the client.
     */
    private void control(ControlCommand.Action action, CompletableFuture<String> reply) {
        int before = roster.target();
        for (String signal : action.signals()) {
            act(signal);
        }
        int target = roster.target();
        String workers = target + (target == 1 ? " worker" : " workers");
        reply.complete(switch (action) {
            case ControlCommand.Add a -> workers + " (was " + before + ")";
            case ControlCommand.Remove r -> workers + " (was " + before + ")"
                    + (before - r.count() < 1 ? "; the master keeps at least one" : "");
            case ControlCommand.Reload r -> roster.reloading()
                    ? "reloading: generation " + roster.generation() + " is booting; the current workers serve until it is ready"
                    : "reload failed; the running workers keep serving (the error log says why)";
            case ControlCommand.ReopenLogs r -> "log files reopened, by the master and every worker";
            case ControlCommand.Stop s -> !s.graceful() ? "stopping now"
                    : (roster.stopDelayed() ? "stopping in " + config.get(Settings.SHUTDOWN_DELAY) + " s (shutdown_delay), then "
                    : "stopping gracefully: ") + "workers drain for up to " + config.get(Settings.GRACEFUL_TIMEOUT) + " s";
        });
    }

    private void onMessage(WorkerProcess w, String line) {
        if (line.equals(ControlChannel.BOOTED)) {
            long now = System.nanoTime();
            if (roster.booted(w, now)) {
                ledger.booted(now - w.spawnedNanos());
                // At info: spawn to serving is the figure an operator tunes boots by (benchmarks/run start reads it).
                ServerLog.ERROR.info("Worker (pid:{}) booted in {} ms", w.pid(),
                        TimeUnit.NANOSECONDS.toMillis(now - w.spawnedNanos()));
            }
        } else if (line.startsWith(ControlChannel.FAILED + " ")) {
            String rest = line.substring(ControlChannel.FAILED.length() + 1);
            int space = rest.indexOf(' ');
            w.failed(space < 0 ? rest : rest.substring(space + 1));
        } else if (line.equals(ControlChannel.RETIRE)) {
            w.retire();
        } else {
            ServerLog.ERROR.debug("Unknown message from worker {}: {}", w.pid(), line);
        }
    }

    private void onExit(WorkerProcess w, int code) {
        WorkerJvm jvm = jvms.remove(w);
        List<RosterAction> actions = roster.exited(w, code, System.nanoTime());
        // Its last counts join the running total before its memory goes.
        ledger.exited(w.pid(), w.exitCause());
        if (jvm != null) {
            jvm.close();
        }
        appMetrics.forget(w.age());
        perform(actions);
        try {
            hooks.childExit(this, w.info());
        } catch (RuntimeException e) {
            ServerLog.ERROR.error("child_exit hook failed", e);
        }
    }

    private void logExit(WorkerProcess w, int code) {
        boolean expected = w.state() == WorkerProcess.State.STOPPING;
        if (w.exitCause() == ExitCause.OOM) {
            ServerLog.ERROR.error("Worker (pid:{}, age {}) ran out of memory: {}; it had run {}. It exited at once"
                            + " (-XX:+ExitOnOutOfMemoryError); a new worker replaces it",
                    w.pid(), w.age(), WorkerHeap.outOfMemoryKind(config.get(Settings.WORKER_JVM_ARGS)),
                    lifetime(System.nanoTime() - w.spawnedNanos()));
        } else if (code > 128 && code < 160) {
            String signal = signalName(code - 128);
            if (code - 128 == Posix.SIGKILL) {
                ServerLog.ERROR.error("Worker (pid:{}) was sent SIGKILL!{}", w.pid(),
                        w.wasKilled() ? "" : " Perhaps out of memory?");
            } else if (expected) {
                ServerLog.ERROR.info("Worker (pid:{}) was sent {}!", w.pid(), signal);
            } else {
                ServerLog.ERROR.warn("Worker (pid:{}) was sent {}!", w.pid(), signal);
            }
        } else if (code != 0) {
            ServerLog.ERROR.error("Worker (pid:{}) exited with code {}.", w.pid(), code);
        } else {
            ServerLog.ERROR.debug("Worker (pid:{}) exited.", w.pid());
        }
    }

    /** Writes how long a worker lived: {@code 12.3 s}, {@code 4 min 05 s}. */
    private static String lifetime(long nanos) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return seconds < 60 ? String.format("%.1f s", nanos / 1e9) : String.format("%d min %02d s", seconds / 60, seconds % 60);
    }

    /** A start that failed leaves nothing behind: no listener, no pid file, no admin endpoint. */
    private void abandonStart() {
        stopOperations();
        closeListeners();
        if (pidfile != null) {
            pidfile.remove();
        }
    }

    private void reload() {
        try {
            WorkerClasses.registerSettings(args, env, cwd);
        } catch (IllegalArgumentException e) {
            ServerLog.ERROR.error("Reload failed, keeping the running configuration: {}", e.getMessage());
            return;
        }
        LoadResult result = ConfigLoader.load(args, env, cwd);
        if (!(result instanceof LoadResult.Run(Config reloaded))) {
            String why = result instanceof LoadResult.Failure f ? f.oneLine() : "the command line asks for help or version";
            ServerLog.ERROR.error("Reload failed, keeping the running configuration: {}", why);
            return;
        }
        Pidfile newPidfile;
        Config previous;
        try {
            MasterSetup setup = MasterSetup.prepare(reloaded, env);
            newPidfile = setup.pidfile();
            WorkerFactory newFactory = setup.factory();
            List<BoundListener> newListeners = listeners;
            if (!reloaded.get(Settings.BIND).equals(config.get(Settings.BIND))
                    || !reloaded.get(Settings.INSECURE_BIND).equals(config.get(Settings.INSECURE_BIND))) {
                newListeners = setup.bind();
            }
            newFactory.validate(addresses(newListeners), reloaded);
            if (newListeners != listeners) {
                closeListeners();
                listeners = newListeners;
                for (BoundListener l : listeners) {
                    ServerLog.ERROR.info("Listening at: {} ({})", l.url(reloaded.get(Settings.CERTFILE).isPresent()), pid);
                }
            }
            previous = config;
            config = reloaded;
            factory = newFactory;
            spawner.workerClass(factory, config);
            hooks = setup.hooks();
            identity = setup.identity();
        } catch (MasterSetup.SetupException | IOException | IllegalArgumentException e) {
            ServerLog.ERROR.error("Reload failed, keeping the running configuration: {}", e.getMessage());
            return;
        }
        Logging.configure(config, "master");
        ProcessName.applyToMaster(config);
        WorkerOwnership.apply(identity, listeners, config);
        restartOperations(previous);
        settingsSummary = settingsSummary();
        roster.timeouts(timeout(config), grace(config));
        roster.shutdownDelay(Duration.ofSeconds(config.get(Settings.SHUTDOWN_DELAY)));
        prepareAotCache();
        runOnReload();
        rewritePidfile(newPidfile);
        setTarget(config.get(Settings.WORKERS));
        roster.newGeneration(System.nanoTime());
    }

    /**
     * HUP, after {@code on_reload}, as gunicorn does: the pid file is written again, under the
     * name the new settings give; a file under another name is removed.
     */
    private void rewritePidfile(Pidfile next) {
        if (pidfile != null && (next == null || !next.path().equals(pidfile.path()))) {
            pidfile.remove();
        }
        pidfile = next;
        if (pidfile != null) {
            try {
                pidfile.write();
            } catch (IOException e) {
                ServerLog.ERROR.error("Could not write the pid file {}: {}", pidfile.path(), e.getMessage());
            }
        }
    }

    /** {@code on_reload}: on HUP and on a code change, before the new generation is spawned. */
    private void runOnReload() {
        try {
            hooks.onReload(this);
        } catch (RuntimeException e) {
            ServerLog.ERROR.error("on_reload hook failed", e);
        }
    }

    private void setTarget(int value) {
        targetChanged(roster.setTarget(value));
    }

    /** Logs a changed count and runs {@code nworkers_changed}; {@code old} is -1 at start. */
    private void targetChanged(int old) {
        int target = roster.target();
        if (old >= 0 && old != target) {
            ServerLog.ERROR.info("{} workers", target);
        }
        try {
            hooks.nworkersChanged(this, target, old);
        } catch (RuntimeException e) {
            ServerLog.ERROR.error("nworkers_changed hook failed", e);
        }
    }

    private void spawn(int age, int generation) {
        int maxRequests = config.get(Settings.MAX_REQUESTS);
        long budget = maxRequests <= 0 ? 0
                : maxRequests + ThreadLocalRandom.current().nextInt(config.get(Settings.MAX_REQUESTS_JITTER) + 1);
        WorkerInfo planned = new WorkerInfo(0, age, factory.name(), budget);
        try {
            hooks.preFork(this, planned);
        } catch (RuntimeException e) {
            ServerLog.ERROR.error("pre_fork hook failed", e);
        }
        WorkerJvm jvm;
        int slot = roster.freeSlot();
        try {
            jvm = spawner.spawn(config, listeners, age, budget, WorkerHandshake.SERVE, identity,
                    aot == null ? List.of() : aot.workerFlags(), slot, appMetrics.socket(age));
        } catch (IOException e) {
            ServerLog.ERROR.error("Could not start a worker: {}", e.getMessage());
            roster.spawnFailed(System.nanoTime());
            return;
        }
        WorkerProcess w = roster.spawned(jvm.info(), generation, slot, jvm.heartbeat().read(), System.nanoTime());
        jvms.put(w, jvm);
        ledger.started(w.pid(), jvm.metrics());
        startReader(w, jvm);
        jvm.process().onExit().thenRun(() -> events.add(new MasterEvent.Exited(w, jvm.process().exitValue())));
    }

    private void startReader(WorkerProcess w, WorkerJvm jvm) {
        Thread.ofPlatform().daemon().name("loomicorn-control-" + w.pid()).start(() -> {
            try {
                for (String line; (line = jvm.control().readLine()) != null; ) {
                    events.add(new MasterEvent.Message(w, line));
                }
            } catch (IOException e) {
                // the worker is gone; its exit event follows
            }
        });
    }

    /** WORKER TIMEOUT: ABORT (the worker's {@code worker_abort} hook) and SIGQUIT (its thread dump). */
    private void abort(WorkerProcess w) {
        ServerLog.ERROR.fatal("WORKER TIMEOUT (pid:{})", w.pid());
        try {
            jvms.get(w).control().send(ControlChannel.ABORT);
        } catch (IOException e) {
            // the worker is gone or wedged; the signals still work
        }
        signal(w, Posix.SIGQUIT);
    }

    private void waitForWorkers() {
        for (WorkerProcess w : roster.workers()) {
            Process process = jvms.get(w).process();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    signal(w, Posix.SIGKILL);
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void signal(WorkerProcess w, int signal) {
        try {
            Posix.kill(w.pid(), signal);
        } catch (IOException e) {
            ServerLog.ERROR.warn("Could not signal worker {}: {}", w.pid(), e.getMessage());
        }
    }

    private void prepareAotCache() {
        if (aot != null) {
            aot.stop();
        }
        aot = AotCache.of(config, spawner.flags(config), spawner.classPath(config)).orElse(null);
        aotTrainingDue = aot != null;
    }

    /**
     * Starts the AOT cache's training once the current generation serves. The training JVM
     * takes a core for seconds; started beside the first workers on 2 cores it delayed the
     * first answer (figures in the commit that made it wait).
     */
    private void trainAotCacheOnceServing() {
        if (aotTrainingDue && roster.currentGenerationReady()) {
            aotTrainingDue = false;
            aot.trainIfMissing(spawner, config);
        }
    }

    private int finish() {
        if (watcher != null) {
            watcher.stop();
        }
        publish();
        stopOperations();
        if (aot != null) {
            aot.stop();
        }
        closeListeners();
        // gunicorn logs both lines at ERROR when the master exits with a failure, else at INFO.
        int exitCode = roster.exitCode();
        String haltReason = roster.haltReason();
        Level level = exitCode == 0 ? Level.INFO : Level.ERROR;
        ServerLog.ERROR.log(level, "Shutting down: Master");
        if (haltReason != null) {
            ServerLog.ERROR.log(level, "Reason: {}", haltReason);
            Logging.console("Error: " + haltReason);
        }
        if (pidfile != null) {
            pidfile.remove();
        }
        try {
            hooks.onExit(this);
        } catch (RuntimeException e) {
            ServerLog.ERROR.error("on_exit hook failed", e);
        }
        return exitCode;
    }

    // ------------------------------------------------------------------ operations

    /**
     * Starts what observers use, each only when its setting asks for it: the admin
     * endpoint, the control socket, statsd; and reads systemd's environment.
     *
     * @throws IOException with one line when the admin endpoint or the control socket
     *                     cannot be bound (statsd only logs: gunicorn serves without it)
     */
    private void startOperations() throws IOException {
        sdNotify = SdNotify.fromEnvironment(env);
        systemd = new SystemdNotifier(SystemdNotifier.watchdogPeriod(env, pid), System.nanoTime());
        Optional<String> adminBind = config.get(Settings.ADMIN_BIND);
        if (adminBind.isPresent()) {
            enableAppMetrics();
            admin = startAdmin(adminBind.get());
        }
        Optional<String> socket = config.get(Settings.CONTROL_SOCKET);
        if (socket.isPresent()) {
            controlSocket = startControlSocket(socket.get());
        }
        startStatsd();
    }

    /** The workers started from now on serve their applications' metrics to {@code /metrics}. */
    private void enableAppMetrics() {
        try {
            appMetrics.enable(Path.of(config.get(Settings.WORKER_TMP_DIR).orElse(System.getProperty("java.io.tmpdir"))),
                    identity);
        } catch (IOException | RuntimeException e) {
            ServerLog.ERROR.error("No application metrics in /metrics: cannot make their directory: {}", e.toString());
        }
    }

    /** Only {@code /metrics} needs the Prometheus registry: it is made with the first admin endpoint. */
    private AdminServer startAdmin(String address) throws IOException {
        if (exposition == null) {
            exposition = new PrometheusExposition(ledger, () -> view, appMetrics);
        }
        return AdminServer.start(address, AdminServer.app(() -> view, ledger, exposition,
                () -> config.get(Settings.ADMIN_READY_PERCENT)));
    }

    private ControlSocket startControlSocket(String path) throws IOException {
        return ControlSocket.start(Path.of(path), config.get(Settings.CONTROL_SOCKET_MODE), () -> view, ledger,
                action -> {
                    CompletableFuture<String> reply = new CompletableFuture<>();
                    events.add(new MasterEvent.Control(action, reply));
                    return reply;
                });
    }

    private void startStatsd() {
        Optional<String> host = config.get(Settings.STATSD_HOST);
        if (host.isEmpty()) {
            return;
        }
        try {
            statsd = StatsdReporter.start(host.get(), config.get(Settings.STATSD_PREFIX),
                    config.get(Settings.DOGSTATSD_TAGS), ledger, () -> view);
        } catch (IOException | RuntimeException e) {
            ServerLog.ERROR.error("No statsd metrics: statsd_host = {}: {}", host.get(), e.getMessage());
        }
    }

    /** HUP: what changed among the observers' settings takes effect; a failure keeps the running one. */
    private void restartOperations(Config previous) {
        if (!previous.get(Settings.ADMIN_BIND).equals(config.get(Settings.ADMIN_BIND))) {
            AdminServer next = null;
            if (config.get(Settings.ADMIN_BIND).isPresent()) {
                enableAppMetrics();
            }
            try {
                next = config.get(Settings.ADMIN_BIND).isPresent() ? startAdmin(config.get(Settings.ADMIN_BIND).get()) : null;
                if (admin != null) {
                    admin.close();
                }
                admin = next;
            } catch (IOException e) {
                ServerLog.ERROR.error("Reload: the admin endpoint stays at {}: {}",
                        admin == null ? "none" : admin.url(), e.getMessage());
            }
        }
        if (!previous.get(Settings.CONTROL_SOCKET).equals(config.get(Settings.CONTROL_SOCKET))
                || !previous.get(Settings.CONTROL_SOCKET_MODE).equals(config.get(Settings.CONTROL_SOCKET_MODE))) {
            if (controlSocket != null) {
                controlSocket.close();
                controlSocket = null;
            }
            Optional<String> socket = config.get(Settings.CONTROL_SOCKET);
            if (socket.isPresent()) {
                try {
                    controlSocket = startControlSocket(socket.get());
                } catch (IOException e) {
                    ServerLog.ERROR.error("Reload: no control socket: {}", e.getMessage());
                }
            }
        }
        if (!previous.get(Settings.STATSD_HOST).equals(config.get(Settings.STATSD_HOST))
                || !previous.get(Settings.STATSD_PREFIX).equals(config.get(Settings.STATSD_PREFIX))
                || !previous.get(Settings.DOGSTATSD_TAGS).equals(config.get(Settings.DOGSTATSD_TAGS))) {
            if (statsd != null) {
                statsd.close();
                statsd = null;
            }
            startStatsd();
        }
    }

    /** At the very end: the admin endpoint answered (readyz 503) until the workers were gone. */
    private void stopOperations() {
        if (statsd != null) {
            statsd.close();
            statsd = null;
        }
        if (controlSocket != null) {
            controlSocket.close();
            controlSocket = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (sdNotify != null) {
            sdNotify.close();
        }
        appMetrics.close();
    }

    /** Publishes the master's state for the observers' threads. */
    private void publish() {
        List<MasterView.Worker> workers = roster.workers().stream()
                .map(w -> new MasterView.Worker(w.slot(), w.pid(), w.age(), w.generation(), stateName(w), w.spawnedNanos()))
                .toList();
        List<MasterView.Listener> sockets = new ArrayList<>();
        for (BoundListener l : listeners) {
            try {
                sockets.add(new MasterView.Listener(l.url(config.get(Settings.CERTFILE).isPresent()), l.fd(), l.family() != Posix.Family.UNIX));
            } catch (IOException e) {
                // closed meanwhile
            }
        }
        view = new MasterView(pid, MasterSetup.version(), startedMillis, System.nanoTime(), roster.generation(),
                roster.target(), roster.stopping(), roster.reloading(), workers, List.copyOf(sockets), settingsSummary);
    }

    private String stateName(WorkerProcess w) {
        return switch (w.state()) {
            case BOOTING -> "booting";
            case READY -> w.retireRequested() || w.generation() != roster.generation() ? "retiring" : "ready";
            case STOPPING -> "stopping";
        };
    }

    /** What {@code /status} shows of the settings; made at start and on HUP. */
    private Map<String, Object> settingsSummary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bind", config.get(Settings.BIND));
        summary.put("worker_class", factory == null ? config.get(Settings.WORKER_CLASS) : factory.name());
        summary.put("workers", config.get(Settings.WORKERS));
        summary.put("threads", config.get(Settings.THREADS));
        summary.put("worker_connections", config.get(Settings.WORKER_CONNECTIONS));
        summary.put("timeout", config.get(Settings.TIMEOUT));
        summary.put("graceful_timeout", config.get(Settings.GRACEFUL_TIMEOUT));
        summary.put("keepalive", config.get(Settings.KEEPALIVE));
        summary.put("max_requests", config.get(Settings.MAX_REQUESTS));
        summary.put("max_requests_jitter", config.get(Settings.MAX_REQUESTS_JITTER));
        summary.put("preload_app", config.get(Settings.PRELOAD_APP));
        summary.put("reload", config.get(Settings.RELOAD));
        summary.put("worker_heap", spawner.heapSummary(config));
        summary.put("worker_jvm_args", config.get(Settings.WORKER_JVM_ARGS));
        summary.put("admin_ready_percent", config.get(Settings.ADMIN_READY_PERCENT));
        summary.put("statsd_host", config.get(Settings.STATSD_HOST).orElse(null));
        summary.put("control_socket", config.get(Settings.CONTROL_SOCKET).orElse(null));
        return summary;
    }

    /** Tells systemd what changed, and feeds its watchdog from this loop. */
    private void notifySystemd(long now) {
        if (!sdNotify.enabled()) {
            return;
        }
        int ready = 0;
        for (WorkerProcess w : roster.workers()) {
            if (w.state() == WorkerProcess.State.READY) {
                ready++;
            }
        }
        SystemdNotifier.State state = new SystemdNotifier.State(roster.currentGenerationReady(), roster.reloading(),
                roster.stopping(), roster.generation(), roster.target(), ready, roster.workers().size());
        for (String message : systemd.update(state, now)) {
            sdNotify.send(message);
        }
    }

    private void closeListeners() {
        for (BoundListener l : listeners) {
            l.close();
        }
        listeners = List.of();
    }

    private static List<SocketAddress> addresses(List<BoundListener> listeners) {
        return listeners.stream().map(BoundListener::address).toList();
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case Posix.SIGHUP -> "SIGHUP";
            case Posix.SIGINT -> "SIGINT";
            case Posix.SIGQUIT -> "SIGQUIT";
            case 6 -> "SIGABRT";
            case Posix.SIGKILL -> "SIGKILL";
            case Posix.SIGUSR1 -> "SIGUSR1";
            case 11 -> "SIGSEGV";
            case Posix.SIGTERM -> "SIGTERM";
            default -> "signal " + signal;
        };
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public SettingsView settings() {
        return config;
    }

    @Override
    public int targetWorkers() {
        return roster.target();
    }

    @Override
    public List<WorkerInfo> workers() {
        return roster.workers().stream().map(WorkerProcess::info).toList();
    }

    private static Duration timeout(Config config) {
        return Duration.ofSeconds(config.get(Settings.TIMEOUT));
    }

    private static Duration grace(Config config) {
        return Duration.ofSeconds(config.get(Settings.GRACEFUL_TIMEOUT));
    }
}
