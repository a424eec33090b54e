package io.loomicorn.worker.reactor;

import io.loomicorn.engine.EngineSettings;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.logging.AccessLog;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What every connection of one reactor worker shares: the HTTP engine (settings, head
 * encoder, dispatcher, drain state), the access log and request accounting for requests
 * that time out before the application runs, the live connections and the I/O loops.
 */
final class ReactorEngine {

    private final HttpEngine http;
    private final AccessLog accessLog;
    private final Runnable requestCompleted;
    private final List<LoopState> loops;
    private final Set<ReactorConnection> connections = ConcurrentHashMap.newKeySet();
    private final BooleanSupplier mayKeepAlive;
    private final long requestTimeoutNanos;
    private final boolean appBlocking;

    /**
     * @param http             the shared HTTP engine of this worker
     * @param accessLog        the access log
     * @param requestCompleted counts a request toward {@code max_requests}
     * @param loops            the I/O threads, by XNIO thread number
     * @param appBlocking      whether the application said it blocks ({@code App.isBlocking})
     */
    ReactorEngine(HttpEngine http, AccessLog accessLog, Runnable requestCompleted, List<LoopState> loops,
                  boolean appBlocking) {
        this.http = http;
        this.accessLog = accessLog;
        this.requestCompleted = requestCompleted;
        this.loops = List.copyOf(loops);
        this.mayKeepAlive = http::mayKeepAlive;
        EngineSettings s = http.settings();
        this.requestTimeoutNanos = s.requestTimeout().toNanos();
        this.appBlocking = appBlocking;
    }

    /** Tells whether the application blocks, so that its requests never run on an I/O thread. */
    boolean appBlocking() {
        return appBlocking;
    }

    HttpEngine http() {
        return http;
    }

    EngineSettings settings() {
        return http.settings();
    }

    AccessLog accessLog() {
        return accessLog;
    }

    Runnable requestCompleted() {
        return requestCompleted;
    }

    BooleanSupplier mayKeepAlive() {
        return mayKeepAlive;
    }

    /** Returns the per-request timeout in nanoseconds, or 0 for none. */
    long requestTimeoutNanos() {
        return requestTimeoutNanos;
    }

    List<LoopState> loops() {
        return loops;
    }

    /** Returns the loop of an I/O thread by its XNIO number. */
    LoopState loop(int number) {
        return loops.get(number);
    }

    Set<ReactorConnection> connections() {
        return connections;
    }

    void register(ReactorConnection c) {
        connections.add(c);
    }

    void unregister(ReactorConnection c) {
        connections.remove(c);
    }
}
