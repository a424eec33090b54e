package io.loomicorn.master;

import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigLoader;
import io.loomicorn.config.LoadResult;
import io.loomicorn.config.Settings;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.MasterInfo;
import io.loomicorn.app.SettingsView;
import io.loomicorn.internal.Posix;
import io.loomicorn.logging.Logging;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.worker.ControlChannel;
import io.loomicorn.worker.WorkerHandshake;
import io.loomicorn.worker.WorkerMain;
import org.apache.logging.log4j.Level;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The master's loop: gunicorn's arbiter on the JVM.
 *
 * <p>One thread owns all state. Signals, worker messages and worker exits arrive as
 * {@link MasterEvent}s on a queue; after each event (or half a second without one) the
 * loop checks heartbeats, spawns and retires workers.
 *
 * <p>Replacement always overlaps: a worker that used up {@code max_requests}, and every
 * worker of the previous generation after a reload, keeps serving until enough workers
 * of the current generation have booted, and only then receives TERM. A reload whose
 * new workers fail to boot is abandoned and the previous generation keeps serving; only
 * a cold start whose workers cannot boot stops the master, with exit code 3.
 */
public final class Arbiter implements MasterInfo {

    /** Exit code of a cold start whose workers could not boot. */
    public static final int EXIT_BOOT_FAILURE = 3;

    private static final long POLL_MILLIS = 250;
    private static final long KILL_AFTER_ABORT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long BOOT_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String[] args;
    private final Map<String, String> env;
    private final Path cwd;
    private final BlockingQueue<MasterEvent> events = new LinkedBlockingQueue<>();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final WorkerSpawner spawner = new WorkerSpawner();
    private final long pid = ProcessHandle.current().pid();

    private Config config;
    private WorkerFactory factory;
    private Hooks hooks;
    private List<BoundListener> listeners = List.of();
    private Pidfile pidfile;
    private int[] identity;

    private int target;
    private int age;
    private int generation;
    private int previousGeneration = -1;
    private boolean everBooted;
    private int bootFailures;
    private long nextSpawnNanos;
    private boolean reloadPending;
    private CodeWatcher watcher;
    private AotCache aot;

    private boolean stopping;
    private boolean fastStop;
    private long stopDeadlineNanos;
    private int exitCode;
    private String haltReason;

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
        try {
            MasterSetup setup = MasterSetup.prepare(config, env);
            factory = setup.factory();
            hooks = setup.hooks();
            identity = setup.identity();
            pidfile = setup.pidfile();
            ServerLog.ERROR.info("Starting loomicorn {}", MasterSetup.version());
            hooks.onStarting(this);
            listeners = setup.bind();
            factory.validate(addresses(listeners), config);
            if (pidfile != null) {
                pidfile.write();
            }
            setup.preload();
        } catch (MasterSetup.SetupException e) {
            System.err.println(e.getMessage());
            closeListeners();
            return e.exitCode();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().startsWith("Error:") ? e.getMessage() : "Error: " + e.getMessage());
            closeListeners();
            return 1;
        } catch (IOException e) {
            System.err.println(e.getMessage());
            closeListeners();
            return 1;
        }
        ServerLog.ERROR.debug("Arbiter booted");
        for (BoundListener l : listeners) {
            ServerLog.ERROR.info("Listening at: {} ({})", l.url(config.get(Settings.CERTFILE).isPresent()), pid);
        }
        ServerLog.ERROR.info("Using worker: {}", factory.name());
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
        setTarget(config.get(Settings.WORKERS), -1);
        prepareAotCache();
        hooks.whenReady(this);
        try {
            loop();
        } catch (RuntimeException | Error e) {
            ServerLog.ERROR.error("Unhandled exception in main loop", e);
            fastStop = true;
            exitCode = 255;
            stopWorkers(Posix.SIGINT);
            waitForWorkers();
        }
        return finish();
    }

    private void loop() {
        while (!stopping || !workers.isEmpty()) {
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
            if (stopping) {
                enforceStopDeadline(now);
            } else {
                checkHeartbeats(now);
                enforceStopDeadline(now);
                manageWorkers(now);
            }
        }
    }

    private void handle(MasterEvent event) {
        switch (event) {
            case MasterEvent.Signal(String name) -> onSignal(name);
            case MasterEvent.Message(WorkerProcess w, String line) -> onMessage(w, line);
            case MasterEvent.Exited(WorkerProcess w, int code) -> onExit(w, code);
            case MasterEvent.CodeChanged(Path path) -> {
                if (!stopping) {
                    ServerLog.ERROR.info("Worker reloading: {} modified", path);
                    startGeneration();
                }
            }
        }
    }

    private void onSignal(String name) {
        ServerLog.ERROR.info("Handling signal: {}", name.toLowerCase());
        switch (name) {
            case "TERM" -> beginStop(false);
            case "INT" -> beginStop(true);
            case "HUP" -> {
                ServerLog.ERROR.info("Hang up: Master");
                reload();
            }
            case "TTIN" -> setTarget(target + 1, target);
            case "TTOU" -> {
                if (target > 1) {
                    setTarget(target - 1, target);
                }
            }
            case "USR1" -> {
                Logging.reopen();
                for (WorkerProcess w : workers) {
                    signal(w, Posix.SIGUSR1);
                }
            }
            case "WINCH" -> ServerLog.ERROR.debug("SIGWINCH ignored. Not daemonized");
            default -> ServerLog.ERROR.debug("Ignoring signal {}", name);
        }
    }

    private void onMessage(WorkerProcess w, String line) {
        if (line.equals(ControlChannel.BOOTED)) {
            if (w.state == WorkerProcess.State.BOOTING) {
                w.state = WorkerProcess.State.READY;
                ServerLog.ERROR.debug("Worker (pid:{}) booted in {} ms", w.pid(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - w.spawnedNanos));
            }
            everBooted = true;
            bootFailures = 0;
        } else if (line.startsWith(ControlChannel.FAILED + " ")) {
            String rest = line.substring(ControlChannel.FAILED.length() + 1);
            int space = rest.indexOf(' ');
            w.failure = space < 0 ? rest : rest.substring(space + 1);
        } else if (line.equals(ControlChannel.RETIRE)) {
            w.retireRequested = true;
        } else {
            ServerLog.ERROR.debug("Unknown message from worker {}: {}", w.pid(), line);
        }
    }

    private void onExit(WorkerProcess w, int code) {
        workers.remove(w);
        w.control.close();
        w.heartbeat.close();
        boolean expected = w.state == WorkerProcess.State.STOPPING;
        if (w.state == WorkerProcess.State.BOOTING && !stopping) {
            bootFailed(w, code);
        } else if (code > 128 && code < 160) {
            String signal = signalName(code - 128);
            if (code - 128 == Posix.SIGKILL) {
                ServerLog.ERROR.error("Worker (pid:{}) was sent SIGKILL!{}", w.pid(), w.killed ? "" : " Perhaps out of memory?");
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
        try {
            hooks.childExit(this, w.info);
        } catch (RuntimeException e) {
            ServerLog.ERROR.error("child_exit hook failed", e);
        }
    }

    private void bootFailed(WorkerProcess w, int code) {
        String reason = w.failure != null ? w.failure : "the worker exited with code " + code + " before it booted";
        if (!everBooted) {
            // A cold start that cannot boot halts, as gunicorn does, instead of looping.
            haltReason = (code == WorkerMain.APP_LOAD_ERROR ? "App failed to load: " : "Worker failed to boot: ") + reason;
            exitCode = EXIT_BOOT_FAILURE;
            beginStop(true);
            return;
        }
        bootFailures++;
        long backoff = Math.min(MAX_BACKOFF_NANOS, TimeUnit.MILLISECONDS.toNanos(500L << Math.min(10, bootFailures - 1)));
        nextSpawnNanos = System.nanoTime() + backoff;
        if (w.generation == generation && previousGeneration >= 0) {
            ServerLog.ERROR.error("Reload failed, the previous workers keep serving: {}", reason);
            abandonGeneration();
        } else {
            ServerLog.ERROR.error("Worker failed to boot, retrying in {} ms: {}",
                    TimeUnit.NANOSECONDS.toMillis(backoff), reason);
        }
    }

    /** Drops the generation that failed to boot and makes the previous one current again. */
    private void abandonGeneration() {
        int failed = generation;
        generation = previousGeneration;
        previousGeneration = -1;
        for (WorkerProcess w : List.copyOf(workers)) {
            if (w.generation == failed) {
                w.killed = true;
                stop(w, Posix.SIGKILL);
            }
        }
    }

    private void reload() {
        LoadResult result = ConfigLoader.load(args, env, cwd);
        if (!(result instanceof LoadResult.Run(Config reloaded))) {
            String why = result instanceof LoadResult.Failure f ? f.oneLine() : "the command line asks for help or version";
            ServerLog.ERROR.error("Reload failed, keeping the running configuration: {}", why);
            return;
        }
        try {
            MasterSetup setup = MasterSetup.prepare(reloaded, env);
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
            config = reloaded;
            factory = newFactory;
            hooks = setup.hooks();
            identity = setup.identity();
        } catch (MasterSetup.SetupException | IOException | IllegalArgumentException e) {
            ServerLog.ERROR.error("Reload failed, keeping the running configuration: {}", e.getMessage());
            return;
        }
        Logging.configure(config, "master");
        prepareAotCache();
        hooks.onReload(this);
        setTarget(config.get(Settings.WORKERS), target);
        startGeneration();
    }

    private void startGeneration() {
        if (System.nanoTime() - nextSpawnNanos < 0) {
            reloadPending = true; // backing off after failed boots; reload when the backoff ends
            return;
        }
        reloadPending = false;
        previousGeneration = generation;
        generation++;
    }

    private void setTarget(int value, int old) {
        target = Math.max(0, value);
        if (old >= 0 && old != target) {
            ServerLog.ERROR.info("{} workers", target);
        }
        try {
            hooks.nworkersChanged(this, target, old);
        } catch (RuntimeException e) {
            ServerLog.ERROR.error("nworkers_changed hook failed", e);
        }
    }

    private void manageWorkers(long now) {
        if (reloadPending && now - nextSpawnNanos >= 0) {
            startGeneration();
        }
        List<WorkerProcess> current = new ArrayList<>();
        int ready = 0;
        for (WorkerProcess w : workers) {
            if (w.generation == generation && !w.retireRequested && w.state != WorkerProcess.State.STOPPING) {
                current.add(w);
                if (w.state == WorkerProcess.State.READY) {
                    ready++;
                }
            }
        }
        // Too many (TTOU): stop the oldest.
        current.sort(Comparator.comparingInt(w -> w.info.age()));
        for (int i = 0; current.size() - i > target; i++) {
            stop(current.get(i), Posix.SIGTERM);
        }
        // Too few: spawn, unless backing off after failed boots.
        if (current.size() < target && now - nextSpawnNanos >= 0) {
            for (int i = current.size(); i < target; i++) {
                spawn();
            }
        }
        // Retire the previous generation and workers that asked for it, once enough of
        // the current generation serve: capacity never dips.
        if (ready >= target) {
            previousGeneration = -1; // a reload in progress has succeeded
            for (WorkerProcess w : List.copyOf(workers)) {
                if (w.state != WorkerProcess.State.STOPPING && (w.generation != generation || w.retireRequested)) {
                    stop(w, Posix.SIGTERM);
                }
            }
        }
    }

    private void spawn() {
        age++;
        int maxRequests = config.get(Settings.MAX_REQUESTS);
        long budget = maxRequests <= 0 ? 0
                : maxRequests + ThreadLocalRandom.current().nextInt(config.get(Settings.MAX_REQUESTS_JITTER) + 1);
        WorkerInfo planned = new WorkerInfo(0, age, factory.name(), budget);
        try {
            hooks.preFork(this, planned);
        } catch (RuntimeException e) {
            ServerLog.ERROR.error("pre_fork hook failed", e);
        }
        WorkerProcess w;
        try {
            w = spawner.spawn(config, listeners, age, generation, budget, WorkerHandshake.SERVE, identity,
                    aot == null ? List.of() : aot.workerFlags());
        } catch (IOException e) {
            ServerLog.ERROR.error("Could not start a worker: {}", e.getMessage());
            nextSpawnNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            return;
        }
        workers.add(w);
        startReader(w);
        w.process.onExit().thenRun(() -> events.add(new MasterEvent.Exited(w, w.process.exitValue())));
    }

    private void startReader(WorkerProcess w) {
        Thread.ofPlatform().daemon().name("loomicorn-control-" + w.pid()).start(() -> {
            try {
                for (String line; (line = w.control.readLine()) != null; ) {
                    events.add(new MasterEvent.Message(w, line));
                }
            } catch (IOException e) {
                // the worker is gone; its exit event follows
            }
        });
    }

    /**
     * WORKER TIMEOUT: a silent worker gets ABORT and SIGQUIT (thread dump), then SIGKILL.
     * A booting worker is allowed at least {@link #BOOT_ALLOWANCE_NANOS}: a JVM needs
     * longer to start than a forked Python process, and more on a loaded machine.
     */
    private void checkHeartbeats(long now) {
        long timeout = TimeUnit.SECONDS.toNanos(config.get(Settings.TIMEOUT));
        if (timeout <= 0) {
            return;
        }
        for (WorkerProcess w : workers) {
            if (w.state == WorkerProcess.State.STOPPING) {
                continue; // bounded by graceful_timeout instead
            }
            long limit = w.state == WorkerProcess.State.BOOTING ? Math.max(timeout, BOOT_ALLOWANCE_NANOS) : timeout;
            if (w.silenceNanos(now) <= limit) {
                continue;
            }
            if (!w.aborted) {
                w.aborted = true;
                w.abortedNanos = now;
                ServerLog.ERROR.fatal("WORKER TIMEOUT (pid:{})", w.pid());
                try {
                    w.control.send(ControlChannel.ABORT);
                } catch (IOException e) {
                    // the worker is gone or wedged; the signals below still work
                }
                signal(w, Posix.SIGQUIT);
            } else if (now - w.abortedNanos > KILL_AFTER_ABORT_NANOS && !w.killed) {
                w.killed = true;
                signal(w, Posix.SIGKILL);
            }
        }
    }

    private void enforceStopDeadline(long now) {
        long grace = TimeUnit.SECONDS.toNanos(config.get(Settings.GRACEFUL_TIMEOUT));
        for (WorkerProcess w : workers) {
            if (w.state == WorkerProcess.State.STOPPING && !w.killed && now - w.stopSentNanos > grace) {
                ServerLog.ERROR.warn("Worker graceful timeout (pid:{})", w.pid());
                w.killed = true;
                signal(w, Posix.SIGKILL);
            }
        }
        if (stopping && now - stopDeadlineNanos > 0) {
            for (WorkerProcess w : workers) {
                if (!w.killed) {
                    w.killed = true;
                    signal(w, Posix.SIGKILL);
                }
            }
        }
    }

    private void beginStop(boolean fast) {
        if (stopping) {
            if (fast && !fastStop) {
                ServerLog.ERROR.info("Quick shutdown requested");
                fastStop = true;
                stopWorkers(Posix.SIGINT);
            }
            return;
        }
        stopping = true;
        fastStop = fast;
        stopDeadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.get(Settings.GRACEFUL_TIMEOUT) + 1);
        stopWorkers(fast ? Posix.SIGINT : Posix.SIGTERM);
        closeListeners();
    }

    private void stopWorkers(int signal) {
        for (WorkerProcess w : List.copyOf(workers)) {
            stop(w, signal);
        }
    }

    private void stop(WorkerProcess w, int signal) {
        if (w.state != WorkerProcess.State.STOPPING) {
            w.state = WorkerProcess.State.STOPPING;
            w.stopSentNanos = System.nanoTime();
        }
        signal(w, signal);
    }

    private void waitForWorkers() {
        for (WorkerProcess w : List.copyOf(workers)) {
            try {
                if (!w.process.waitFor(5, TimeUnit.SECONDS)) {
                    signal(w, Posix.SIGKILL);
                    w.process.waitFor(5, TimeUnit.SECONDS);
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
        if (aot != null) {
            aot.trainIfMissing(spawner, config);
        }
    }

    private int finish() {
        if (watcher != null) {
            watcher.stop();
        }
        if (aot != null) {
            aot.stop();
        }
        closeListeners();
        // gunicorn logs both lines at ERROR when the master exits with a failure, else at INFO.
        Level level = exitCode == 0 ? Level.INFO : Level.ERROR;
        ServerLog.ERROR.log(level, "Shutting down: Master");
        if (haltReason != null) {
            ServerLog.ERROR.log(level, "Reason: {}", haltReason);
            System.err.println("Error: " + haltReason);
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
        return target;
    }

    @Override
    public List<WorkerInfo> workers() {
        return workers.stream().sorted(Comparator.comparingInt(w -> w.info.age())).map(w -> w.info).toList();
    }
}
