package io.loomicorn.worker.reactor;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.engine.Dispatcher;
import io.loomicorn.engine.EngineSettings;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.testing.HttpTestClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A reactor worker in this JVM, on a real XNIO worker and a loopback listener, with a
 * recording access log: the connection driver end to end without a master.
 */
final class ReactorHarness implements AutoCloseable {

    /** One line of the recording access log. */
    record Logged(String method, String target, int status, long bodyBytes) {
    }

    final ReactorWorker worker;
    final int port;
    final AtomicLong heartbeats = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final List<Logged> accessLog = new CopyOnWriteArrayList<>();
    private final Thread runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private ReactorHarness(App app, Config config) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        Listener listener = new Listener(channel, channel.getLocalAddress());
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        WorkerInfo info = new WorkerInfo(ProcessHandle.current().pid(), 1, "reactor", 0);
        Hooks hooks = new Hooks() {
        };
        AccessLog log = (request, response, bytes, nanos) ->
                accessLog.add(new Logged(request.method(), request.target(), response.status(), bytes));
        Dispatcher dispatcher = new Dispatcher(app, hooks, info, log, completed::incrementAndGet);
        HttpEngine http = new HttpEngine(EngineSettings.from(config, true), dispatcher, true);
        WorkerContext context = new WorkerContext() {
            @Override
            public List<Listener> listeners() {
                return List.of(listener);
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
                heartbeats.incrementAndGet();
            }

            @Override
            public void requestCompleted() {
                completed.incrementAndGet();
            }

            @Override
            public boolean isDraining() {
                return http.isDraining();
            }
        };
        this.worker = new ReactorWorker(context, http, log);
        this.runner = Thread.ofPlatform().name("reactor-harness").start(() -> {
            try {
                worker.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    /** Starts a worker with the default settings. */
    static ReactorHarness start(App app) throws IOException {
        return start(app, Config.defaults());
    }

    /** Starts a worker with the given settings. */
    static ReactorHarness start(App app, Config config) throws IOException {
        return new ReactorHarness(app, config);
    }

    /** Connects a raw client with a 10 s read timeout. */
    HttpTestClient client() throws IOException {
        return HttpTestClient.connect("127.0.0.1", port, 10_000);
    }

    /** Returns the only open connection, waiting for it to be registered. */
    ReactorConnection onlyConnection() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            var all = worker.engine().connections();
            if (all.size() == 1) {
                return all.iterator().next();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("expected exactly one connection, have " + worker.openConnections());
    }

    /** Begins a graceful shutdown. */
    void shutdown(Duration grace) {
        worker.shutdown(grace);
    }

    /**
     * Waits until the access log holds at least {@code n} entries: the engine logs after the
     * response is written, so a client can see the response before the entry exists.
     */
    List<Logged> awaitLogged(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (accessLog.size() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return List.copyOf(accessLog);
    }

    /**
     * Waits for {@code run()} to return.
     *
     * @return whether it returned in time
     */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
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
}
