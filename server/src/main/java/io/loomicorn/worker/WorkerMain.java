package io.loomicorn.worker;

import io.loomicorn.app.App;
import io.loomicorn.app.AppMetrics;
import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigException;
import io.loomicorn.config.Settings;
import io.loomicorn.engine.ConnectionShare;
import io.loomicorn.engine.EngineSettings;
import io.loomicorn.engine.EngineWarmup;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.internal.FdChannels;
import io.loomicorn.internal.Posix;
import io.loomicorn.logging.LogCounts;
import io.loomicorn.logging.Logging;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.metrics.SharedRequestMetrics;
import io.loomicorn.metrics.WorkerMetrics;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerBase;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.tls.ServerTls;
import sun.misc.Signal;


import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The entry point of a worker JVM, which only the master starts.
 *
 * <p>Boot, in gunicorn's order: receive the handshake on descriptor 0; set up logging;
 * adopt the listeners and map the heartbeat; install signal handlers; run
 * {@code post_fork}; read the TLS certificate and key and run {@code ssl_context} (before
 * the user switch, so that keys readable only by root work, and at every boot, so that a
 * HUP picks up renewed files); switch user; check that the classes the application's code
 * names are on the class path ({@code linkage_check}); load the application; create the
 * worker; run
 * {@code post_worker_init}; tell the master {@code BOOTED}; serve. A failure before
 * serving is reported to the master in one line and ends the process with exit code 3
 * (boot failure) or 4 (the application could not be loaded), gunicorn's codes.
 *
 * <p>Signals: TERM drains gracefully within {@code graceful_timeout}, INT stops at once,
 * USR1 reopens log files, HUP is ignored (the master reloads by replacing workers).
 * End of stream on the control channel means the master died; the worker then drains
 * and exits, as gunicorn's "Parent changed" rule does.
 */
public final class WorkerMain {

    /** Exit code of a failure to boot (gunicorn's WORKER_BOOT_ERROR). */
    public static final int BOOT_ERROR = 3;
    /** Exit code of a failure to load the application (gunicorn's APP_LOAD_ERROR). */
    public static final int APP_LOAD_ERROR = 4;

    private final long pid = ProcessHandle.current().pid();
    private final BootTimeline boot = new BootTimeline();
    private ControlChannel control;
    private volatile Worker worker;
    private volatile WorkerRuntime runtime;
    private volatile Duration grace = Duration.ofSeconds(30);
    private AppMetricsEndpoint appMetrics;

    private WorkerMain() {
    }

    /**
     * Runs a worker; started by the master only.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        int code = new WorkerMain().run();
        System.exit(code);
    }

    private int run() {
        Logging.startInBackground();
        WorkerHandshake.Received received;
        try {
            received = WorkerHandshake.receive(0);
            boot.mark("handshake");
            control = new ControlChannel(Posix.dup(0));
            detachStdin();
        } catch (IOException | RuntimeException e) {
            System.err.println("loomicorn worker: " + e.getMessage());
            return BOOT_ERROR;
        }
        WorkerHandshake hs = received.handshake();
        Config config;
        try {
            WorkerClasses.registerSettings(ClassLoader.getSystemClassLoader());
            config = Config.fromHocon(hs.settings());
            boot.mark("settings");
        } catch (RuntimeException e) {
            return fail(BOOT_ERROR, "the master sent unreadable settings: " + e.getMessage());
        }
        boolean check = WorkerHandshake.TRAIN.equals(hs.mode()) || WorkerHandshake.CHECK.equals(hs.mode());
        if (hs.slot() >= 0) {
            System.setProperty(AppMetrics.SLOT_PROPERTY, Integer.toString(hs.slot())); // before the app loads
        }
        // A JVM that only loads the application (preload_app, --check-config, the AOT training
        // run) says so in its log lines: [check] or [train], not [worker].
        Logging.configure(config, check ? hs.mode() : "worker");
        boot.mark("logging");
        grace = Duration.ofSeconds(config.get(Settings.GRACEFUL_TIMEOUT));
        if (!check) {
            ServerLog.ERROR.info("Booting worker with pid: {}", pid);
        }
        try {
            Heartbeat heartbeat = Heartbeat.map(received.heartbeatFd());
            SharedRequestMetrics metrics = new SharedRequestMetrics(WorkerMetrics.map(received.heartbeatFd()));
            Posix.close(received.heartbeatFd());
            ConnectionShare share = ConnectionShare.map(received.shareFd(), hs.slot(), config.get(Settings.WORKERS));
            Posix.close(received.shareFd());
            LogCounts.countInto(metrics::logged);
            heartbeat.beat();
            List<Listener> listeners = adopt(hs, received.listenerFds());
            Hooks hooks = HooksLoader.load(config.get(Settings.HOOKS), ClassLoader.getSystemClassLoader());
            WorkerFactory factory = WorkerClasses.find(config.get(Settings.WORKER_CLASS), ClassLoader.getSystemClassLoader());
            WorkerInfo info = new WorkerInfo(pid, hs.age(), factory.name(), hs.maxRequests());
            installSignals(hooks, info);
            startControlReader(hooks, info);
            if (!check) {
                hooks.postFork(info);
            }
            Optional<ServerTls> tls;
            try {
                tls = ServerTls.load(config, hooks, System.getenv());
            } catch (ConfigException e) {
                return fail(BOOT_ERROR, e.getMessage().substring("Error: ".length()));
            }
            Map<SocketAddress, ServerTls> tlsByListener = tlsListeners(listeners, hs, tls);
            boot.mark("tls");
            if (hs.uid() >= 0) {
                Posix.switchUser(hs.uid(), hs.gid());
            }
            boot.mark("setup");
            String unlinkable = LinkageStep.check(config, ClassLoader.getSystemClassLoader());
            boot.mark("linkage");
            if (unlinkable != null) {
                return report(APP_LOAD_ERROR, unlinkable);
            }
            App app;
            try {
                app = AppLoader.load(config, ClassLoader.getSystemClassLoader());
                boot.mark("app");
            } catch (AppLoadException e) {
                return fail(APP_LOAD_ERROR, e.getMessage());
            }
            // Initialise the engine's classes now, on one thread: a virtual thread that
            // waits for a class initialiser running on another thread pins its carrier.
            EngineWarmup.run(EngineSettings.from(config));
            boot.mark("engine");
            runtime = new WorkerRuntime(listeners, tlsByListener, app, config, hooks, info, heartbeat, control,
                    metrics);
            runtime.shareConnections(share);
            if (check) {
                if (WorkerHandshake.TRAIN.equals(hs.mode())) {
                    train(factory);
                }
                closeApp(app); // it never serves: release what it started (a servlet context's listeners)
                control.send(ControlChannel.BOOTED);
                return 0;
            }
            worker = factory.create(runtime);
            hooks.postWorkerInit(info);
            startAppMetrics(hs);
            heartbeat.beat();
            control.send(ControlChannel.BOOTED);
            TenuredGrowthGuard.startInBackground();
            boot.mark("worker");
            ServerLog.ERROR.debug("Worker boot (pid: {}): {}", pid, boot);
        } catch (Exception | LinkageError e) {
            return fail(BOOT_ERROR, AppLoader.describe(e));
        }
        return serve();
    }

    /**
     * The AOT cache's training run also creates the worker class's worker (without
     * listeners, never run), so that what the class loads at boot is cached too: for
     * {@code reactor}, XNIO and the JMX classes it registers with.
     */
    private void train(WorkerFactory factory) {
        try {
            factory.create(runtime).shutdown(Duration.ZERO);
        } catch (Exception | LinkageError e) {
            ServerLog.ERROR.debug("The training run could not create a {} worker: {}", factory.name(), e.toString());
        }
    }

    private int serve() {
        int code = 0;
        try {
            worker.run();
        } catch (Exception e) {
            ServerLog.ERROR.error("Worker failed (pid: {})", pid, e);
            code = 1;
        }
        // The worker class's heartbeat ended with run(): beat on while the application closes
        // and worker_exit runs, so that the master does not take a slow close for a stuck worker.
        Thread beat = Thread.ofPlatform().daemon().name("loomicorn-exit-heartbeat").start(this::beatUntilInterrupted);
        try {
            runtime.stopEngine();
            closeApp(runtime.app());
            try {
                runtime.hooks().workerExit(runtime.info());
            } catch (RuntimeException e) {
                ServerLog.ERROR.error("worker_exit hook failed", e);
            }
        } finally {
            beat.interrupt();
        }
        if (appMetrics != null) {
            appMetrics.close();
        }
        ServerLog.ERROR.info("Worker exiting (pid: {})", pid);
        return code;
    }

    /** Serves the application's metrics to the master's {@code /metrics}, when it has an admin endpoint. */
    private void startAppMetrics(WorkerHandshake hs) {
        if (hs.appMetricsSocket().isEmpty()) {
            return;
        }
        try {
            appMetrics = AppMetricsEndpoint.start(Path.of(hs.appMetricsSocket()));
        } catch (IOException | RuntimeException e) {
            // Metrics are not worth a boot failure: the worker serves, /metrics lacks its application's series.
            ServerLog.ERROR.error("No application metrics from this worker: cannot bind {}: {}", hs.appMetricsSocket(),
                    e.toString());
        }
    }

    private void beatUntilInterrupted() {
        long period = WorkerBase.beatPeriod(runtime.config().get(Settings.TIMEOUT));
        while (!Thread.currentThread().isInterrupted()) {
            runtime.heartbeat();
            LockSupport.parkNanos(period);
        }
    }

    /** Closes an application that implements {@link AutoCloseable}; a failure is logged. */
    private void closeApp(App app) {
        if (app instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception | LinkageError e) {
                ServerLog.ERROR.error("Closing the application failed (pid: {})", pid, e);
            }
        }
    }

    private List<Listener> adopt(WorkerHandshake hs, int[] fds) throws IOException {
        FdChannels.selfTest();
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < fds.length; i++) {
            StandardProtocolFamily family = StandardProtocolFamily.valueOf(hs.listeners().get(i).family());
            ServerSocketChannel ch = FdChannels.adoptListener(fds[i], family);
            listeners.add(new Listener(ch, ch.getLocalAddress()));
        }
        return listeners;
    }

    /** The TLS setup of each listener the master marked as a TLS listener, by its address. */
    private static Map<SocketAddress, ServerTls> tlsListeners(List<Listener> listeners, WorkerHandshake hs,
                                                            Optional<ServerTls> tls) {
        Map<SocketAddress, ServerTls> out = new HashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            if (hs.listeners().get(i).tls()) {
                out.put(l.address(), tls.orElseThrow(() -> new IllegalStateException(
                        "the master marked " + l.display() + " as TLS, but there is no certfile")));
            }
        }
        return Map.copyOf(out);
    }

    private int fail(int code, String reason) {
        ServerLog.ERROR.error("{}: {}", code == APP_LOAD_ERROR ? "App failed to load" : "Worker failed to boot", reason);
        return report(code, reason);
    }

    /**
     * Reports a boot failure to the master without logging it here: the master logs it once
     * for the whole generation ("Reload failed, ..." or, on a cold start, the reason it stops).
     */
    private int report(int code, String reason) {
        try {
            control.send(ControlChannel.FAILED + " " + code + " " + reason);
        } catch (IOException | RuntimeException e) {
            System.err.println("loomicorn worker: " + reason);
        }
        return code;
    }

    private static void detachStdin() throws IOException {
        int devNull = Posix.openReadWrite("/dev/null");
        Posix.dup2(devNull, 0);
        Posix.close(devNull);
    }

    private void installSignals(Hooks hooks, WorkerInfo info) {
        Signal.handle(new Signal("TERM"), s -> shutdown(grace, "TERM"));
        Signal.handle(new Signal("INT"), s -> {
            try {
                hooks.workerInt(info);
            } catch (RuntimeException e) {
                ServerLog.ERROR.error("worker_int hook failed", e);
            }
            shutdown(Duration.ZERO, "INT");
        });
        Signal.handle(new Signal("USR1"), s -> Logging.reopen());
        Signal.handle(new Signal("HUP"), s -> ServerLog.ERROR.debug("worker: SIGHUP ignored."));
    }

    private void startControlReader(Hooks hooks, WorkerInfo info) {
        Thread.ofPlatform().daemon().name("loomicorn-control").start(() -> {
            try {
                for (String line; (line = control.readLine()) != null; ) {
                    if (line.equals(ControlChannel.ABORT)) {
                        ServerLog.ERROR.error("Worker aborted by the master after its timeout (pid: {})", pid);
                        try {
                            hooks.workerAbort(info);
                        } catch (RuntimeException e) {
                            ServerLog.ERROR.error("worker_abort hook failed", e);
                        }
                    }
                }
            } catch (IOException e) {
                ServerLog.ERROR.debug("Control channel failed: {}", e.getMessage());
            }
            ServerLog.ERROR.info("Parent changed, shutting down: {}", pid);
            shutdown(grace, "parent exit");
        });
    }

    private void shutdown(Duration grace, String why) {
        WorkerRuntime r = runtime;
        Worker w = worker;
        if (r == null || w == null) {
            // Still booting: nothing to drain.
            Runtime.getRuntime().halt(0);
        }
        ServerLog.ERROR.debug("Worker shutting down on {} (pid: {}, grace {} s)", why, pid, grace.toSeconds());
        w.shutdown(grace);
        // A worker class that fails to honour the grace period must not outlive it by much.
        Thread.ofPlatform().daemon().name("loomicorn-exit-deadline").start(() -> {
            try {
                Thread.sleep(grace.plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            ServerLog.ERROR.error("Worker did not stop within its grace period (pid: {}); exiting", pid);
            Runtime.getRuntime().halt(1);
        });
    }
}
