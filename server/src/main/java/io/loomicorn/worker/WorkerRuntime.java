package io.loomicorn.worker;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.hooks.WorkerInfo;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The {@link WorkerContext} of a worker process. */
final class WorkerRuntime implements WorkerContext {

    private final List<Listener> listeners;
    private final App app;
    private final Config config;
    private final Hooks hooks;
    private final WorkerInfo info;
    private final Heartbeat heartbeat;
    private final ControlChannel control;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicBoolean retireAsked = new AtomicBoolean();
    private volatile boolean draining;

    WorkerRuntime(List<Listener> listeners, App app, Config config, Hooks hooks, WorkerInfo info,
                  Heartbeat heartbeat, ControlChannel control) {
        this.listeners = List.copyOf(listeners);
        this.app = app;
        this.config = config;
        this.hooks = hooks;
        this.info = info;
        this.heartbeat = heartbeat;
        this.control = control;
    }

    @Override
    public List<Listener> listeners() {
        return listeners;
    }

    @Override
    public App app() {
        return app;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Hooks hooks() {
        return hooks;
    }

    @Override
    public WorkerInfo info() {
        return info;
    }

    @Override
    public void heartbeat() {
        heartbeat.beat();
    }

    @Override
    public void requestCompleted() {
        long n = completed.incrementAndGet();
        long max = info.maxRequests();
        if (max > 0 && n >= max && retireAsked.compareAndSet(false, true)) {
            ServerLog.ERROR.info("Autorestarting worker after current request.");
            try {
                control.send(ControlChannel.RETIRE);
            } catch (IOException e) {
                ServerLog.ERROR.warn("Could not ask the master for a replacement: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isDraining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }

    long completedRequests() {
        return completed.get();
    }
}
