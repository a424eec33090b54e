package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady client load for fault tests: {@code clients} threads send GETs back to back,
 * on persistent connections when {@code keepAlive} (reconnecting after
 * {@code Connection: close}), and count every failed request: a refused or reset
 * connection, a short response, or a status other than 200. Nothing is retried.
 */
final class LoadClient {

    private final int port;
    private final String method;
    private final String path;
    private final boolean keepAlive;
    private final Wire wire;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong maxLatencyNanos = new AtomicLong();
    private final Map<String, AtomicInteger> causes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Failure> failuresInTime = new ConcurrentLinkedQueue<>();
    private Thread[] threads;

    LoadClient(int port, String path, boolean keepAlive) {
        this(port, path, keepAlive, Wire.PLAIN);
    }

    /** A load over {@code wire}: with {@link Wire#TLS}, every new connection makes a handshake. */
    LoadClient(int port, String path, boolean keepAlive, Wire wire) {
        this(port, "GET", path, keepAlive, wire);
    }

    /** A load of {@code method} requests, with an empty body unless GET (a POST that is not idempotent, for a balancer). */
    LoadClient(int port, String method, String path, boolean keepAlive, Wire wire) {
        this.port = port;
        this.method = method;
        this.path = path;
        this.keepAlive = keepAlive;
        this.wire = wire;
    }

    LoadClient start(int clients) {
        threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            threads[i] = Thread.ofPlatform().daemon().name("load-" + i).start(this::loop);
        }
        return this;
    }

    private void loop() {
        HttpTestClient c = null;
        String request = method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + (method.equals("GET") ? "" : "Content-Length: 0\r\n")
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        while (running.get()) {
            long start = System.nanoTime();
            try {
                if (c == null) {
                    c = wire.client(port);
                }
                HttpResponse r = c.exchange(request);
                maxLatencyNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                if (r.status() == 200) {
                    ok.incrementAndGet();
                } else {
                    fail("status " + r.status(), start);
                }
                if (!keepAlive || "close".equalsIgnoreCase(r.header("Connection"))) {
                    c.close();
                    c = null;
                }
            } catch (IOException e) {
                fail(e.getClass().getSimpleName() + ": " + e.getMessage(), start);
                close(c);
                c = null;
            }
        }
        close(c);
    }

    private static void close(HttpTestClient c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    private void fail(String cause, long startNanos) {
        failed.incrementAndGet();
        causes.computeIfAbsent(cause, k -> new AtomicInteger()).incrementAndGet();
        failuresInTime.add(new Failure(startNanos, System.nanoTime(), cause));
    }

    /** A failed request: when it was sent and when it failed ({@link System#nanoTime()}), and why. */
    record Failure(long sentNanos, long failedNanos, String cause) {
    }

    LoadClient stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(15_000);
        }
        return this;
    }

    int successes() {
        return ok.get();
    }

    int failures() {
        return failed.get();
    }

    long maxLatencyMillis() {
        return maxLatencyNanos.get() / 1_000_000;
    }

    /** Every failed request, in the order they failed. */
    List<Failure> failureTimes() {
        return List.copyOf(failuresInTime);
    }

    /** The failures by cause, for assertion messages. */
    String causes() {
        return causes.toString();
    }

    @Override
    public String toString() {
        return ok + " ok, " + failed + " failed " + causes;
    }
}
