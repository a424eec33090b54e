package io.loomicorn.worker;

import io.loomicorn.app.App;
import io.loomicorn.app.SettingsView;
import io.loomicorn.config.Config;
import io.loomicorn.engine.ConnectionShare;
import io.loomicorn.engine.EngineSettings;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.engine.RequestMetrics;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.logging.Logging;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.metrics.SharedRequestMetrics;
import io.loomicorn.spi.Engine;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.tls.ServerTls;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link WorkerContext} of a worker process, and the engine's line to the master. */
final class WorkerRuntime implements WorkerContext, HttpEngine.WorkerLink {

    private static final boolean COUNTING = !"off".equals(System.getProperty("loomicorn.metrics"));

    private final List<Listener> listeners;
    private final Map<SocketAddress, ServerTls> tls;
    private final App app;
    private final Config config;
    private final Hooks hooks;
    private final WorkerInfo info;
    private final Heartbeat heartbeat;
    private final ControlChannel control;
    private final SharedRequestMetrics metrics;
    private final AtomicBoolean retireAsked = new AtomicBoolean();
    private volatile HttpEngine engine;
    private EngineOptions engineOptions;
    private ConnectionShare share = ConnectionShare.none();

    WorkerRuntime(List<Listener> listeners, Map<SocketAddress, ServerTls> tls, App app, Config config, Hooks hooks,
                  WorkerInfo info, Heartbeat heartbeat, ControlChannel control, SharedRequestMetrics metrics) {
        this.listeners = List.copyOf(listeners);
        this.tls = Map.copyOf(tls);
        this.app = app;
        this.config = config;
        this.hooks = hooks;
        this.info = info;
        this.heartbeat = heartbeat;
        this.control = control;
        this.metrics = metrics;
    }

    @Override
    public List<Listener> listeners() {
        return listeners;
    }

    @Override
    public SettingsView settings() {
        return config;
    }

    @Override
    public WorkerInfo info() {
        return info;
    }

    /**
     * Beats, unless the engine holds the heartbeat while a request runs (sync's timeout); and
     * samples the idle keep-alive connections for the metrics.
     */
    @Override
    public void heartbeat() {
        HttpEngine e = engine;
        if (e == null || e.allowsHeartbeat()) {
            heartbeat.beat();
        }
        if (e != null) {
            metrics.idleConnections(e.idleKeepAliveConnections());
        }
    }

    /**
     * Where the engine counts: the shared memory the master reads, unless the worker JVM runs
     * with {@code -Dloomicorn.metrics=off}, which only {@code benchmarks/run metrics-cost} uses
     * to measure what counting costs.
     */
    @Override
    public RequestMetrics metrics() {
        return COUNTING ? metrics : RequestMetrics.NONE;
    }

    @Override
    public void beat() {
        heartbeat.beat();
    }

    @Override
    public void retire(String reason) {
        if (!retireAsked.compareAndSet(false, true)) {
            return;
        }
        ServerLog.ERROR.info(reason);
        try {
            control.send(ControlChannel.RETIRE);
        } catch (IOException e) {
            ServerLog.ERROR.warn("Could not ask the master for a replacement: {}", e.getMessage());
        }
    }

    /** Shares the engine's count of open connections with the master's other workers. */
    synchronized void shareConnections(ConnectionShare share) {
        this.share = share;
    }

    @Override
    public synchronized Engine engine(EngineOptions options) {
        if (engine == null) {
            HttpEngine e = new HttpEngine(EngineSettings.from(config), options,
                    new HttpEngine.Served(app, hooks, info, Logging.accessLog()), this, tls);
            e.shareConnections(share);
            e.start();
            engineOptions = options;
            engine = e;
        } else if (!engineOptions.equals(options)) {
            throw new IllegalStateException("the engine was created with " + engineOptions + ", not " + options);
        }
        return engine;
    }

    /** Stops the engine's watchdog, if an engine was created. */
    void stopEngine() {
        HttpEngine e = engine;
        if (e != null) {
            e.stop();
        }
    }

    App app() {
        return app;
    }

    Hooks hooks() {
        return hooks;
    }

    Config config() {
        return config;
    }
}
