package io.loomicorn.worker.reactor;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.InProcessWorker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reactor worker in this JVM ({@link InProcessWorker}), with access to the reactor's
 * own parts: its connections' output queues and its I/O threads.
 */
final class ReactorHarness implements AutoCloseable {

    final InProcessWorker in;
    final ReactorWorker worker;
    final int port;
    final AtomicLong heartbeats;
    final List<InProcessWorker.Logged> accessLog;

    private ReactorHarness(InProcessWorker in) {
        this.in = in;
        this.worker = (ReactorWorker) in.worker;
        this.port = in.port;
        this.heartbeats = in.heartbeats;
        this.accessLog = in.accessLog;
    }

    /** Starts a worker with the default settings. */
    static ReactorHarness start(App app) throws Exception {
        return start(app, Config.defaults());
    }

    /** Starts a worker with the given settings. */
    static ReactorHarness start(App app, Config config) throws Exception {
        return new ReactorHarness(InProcessWorker.start(new ReactorWorkerFactory(), app, config));
    }

    /** Connects a raw client with a 10 s read timeout. */
    HttpTestClient client() throws IOException {
        return in.client();
    }

    /** Returns the only open connection, waiting for it to be registered. */
    ReactorConnection onlyConnection() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            var all = in.engine().transports();
            if (all.size() == 1) {
                return (ReactorConnection) all.getFirst();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("expected exactly one connection, have " + in.engine().openConnections());
    }

    /** Returns the first I/O thread. */
    Thread firstLoop() {
        return worker.loops().getFirst().thread();
    }

    void shutdown(Duration grace) {
        in.shutdown(grace);
    }

    List<InProcessWorker.Logged> awaitLogged(int n) throws InterruptedException {
        return in.awaitLogged(n);
    }

    void awaitRunning() throws InterruptedException {
        in.awaitRunning(1);
    }

    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return in.awaitStopped(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
    }
}
