package io.loomicorn.testing;

import io.loomicorn.app.App;
import io.loomicorn.app.SettingsView;
import io.loomicorn.config.Config;
import io.loomicorn.engine.EngineSettings;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.spi.Engine;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.worker.HooksLoader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker of any worker class running in this JVM on a loopback listener, with the real
 * engine, a recording access log and a counted heartbeat: a worker class end to end
 * without a master, for in-process tests.
 */
public final class InProcessWorker implements AutoCloseable {

    /** One line of the recording access log. */
    public record Logged(String method, String target, int status, long bodyBytes) {
    }

    /** Heartbeats the worker sent. */
    public final AtomicLong heartbeats = new AtomicLong();
    /** The access log, in order. */
    public final List<Logged> accessLog = new CopyOnWriteArrayList<>();
    /** The reasons the worker gave when it asked to be replaced. */
    public final List<String> retirements = new CopyOnWriteArrayList<>();
    /** The worker. */
    public final Worker worker;
    /** The listener's port. */
    public final int port;

    private final Context context;
    private final Thread runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private InProcessWorker(WorkerFactory factory, App app, Config config) throws Exception {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        this.context = new Context(app, config, new Listener(channel, channel.getLocalAddress()), factory.name());
        this.worker = factory.create(context);
        this.runner = Thread.ofPlatform().name("in-process-worker").start(() -> {
            try {
                worker.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    /**
     * Starts a worker.
     *
     * @param factory the worker class
     * @param app     the application
     * @param config  the settings
     * @return the running worker
     * @throws Exception if the worker cannot be created
     */
    public static InProcessWorker start(WorkerFactory factory, App app, Config config) throws Exception {
        return new InProcessWorker(factory, app, config);
    }

    /** Returns the engine, once the worker created it. */
    public HttpEngine engine() {
        return context.engine;
    }

    /** Connects a raw client with a 10 s read timeout. */
    public HttpTestClient client() throws IOException {
        return HttpTestClient.connect("127.0.0.1", port, 10_000);
    }

    /**
     * Begins a graceful shutdown.
     *
     * @param grace the grace period
     */
    public void shutdown(Duration grace) {
        worker.shutdown(grace);
    }

    /**
     * Waits until the access log holds at least {@code n} entries: the engine logs after the
     * response is written, so a client can see the response before the entry exists.
     *
     * @param n how many entries
     * @return the entries
     * @throws InterruptedException if interrupted
     */
    public List<Logged> awaitLogged(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (accessLog.size() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return List.copyOf(accessLog);
    }

    /**
     * Waits until {@code n} requests run at once.
     *
     * @param n how many
     * @throws InterruptedException if interrupted
     */
    public void awaitRunning(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((engine() == null || engine().activeRequests() < n) && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        if (engine() == null || engine().activeRequests() < n) {
            throw new AssertionError("fewer than " + n + " requests are running");
        }
    }

    /**
     * Waits for {@code run()} to return.
     *
     * @param timeout how long to wait
     * @return whether it returned in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        runner.join(timeout);
        if (failure.get() != null) {
            throw new AssertionError("run() failed", failure.get());
        }
        return !runner.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        worker.shutdown(Duration.ZERO);
        runner.join(Duration.ofSeconds(10));
    }

    /** The worker's context: the real engine, a recording access log, counted heartbeats. */
    private final class Context implements WorkerContext, HttpEngine.WorkerLink {

        private final App app;
        private final Config config;
        private final Listener listener;
        private final WorkerInfo info;
        private volatile HttpEngine engine;

        Context(App app, Config config, Listener listener, String workerClass) {
            this.app = app;
            this.config = config;
            this.listener = listener;
            this.info = new WorkerInfo(ProcessHandle.current().pid(), 1, workerClass, 0);
        }

        @Override
        public List<Listener> listeners() {
            return List.of(listener);
        }

        @Override
        public SettingsView settings() {
            return config;
        }

        @Override
        public WorkerInfo info() {
            return info;
        }

        @Override
        public void heartbeat() {
            HttpEngine e = engine;
            if (e == null || e.allowsHeartbeat()) {
                heartbeats.incrementAndGet();
            }
        }

        @Override
        public void beat() {
            heartbeats.incrementAndGet();
        }

        @Override
        public void retire(String reason) {
            retirements.add(reason);
        }

        @Override
        public synchronized Engine engine(EngineOptions options) {
            if (engine == null) {
                AccessLog log = (request, response, bytes, nanos) ->
                        accessLog.add(new Logged(request.method(), request.target(), response.status(), bytes));
                engine = new HttpEngine(EngineSettings.from(config), options,
                        new HttpEngine.Served(app, HooksLoader.NONE, info, log), this);
                engine.start();
            }
            return engine;
        }
    }
}
