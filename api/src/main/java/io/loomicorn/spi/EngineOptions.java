package io.loomicorn.spi;

/**
 * How a worker class drives the engine's connections: the one configuration of the
 * engine entry point ({@link WorkerContext#engine}).
 *
 * @param persistence    whether connections are kept alive between requests
 * @param bodies         how request bodies reach the application
 * @param requestTimeout who enforces the {@code timeout} setting
 */
public record EngineOptions(Persistence persistence, Bodies bodies, RequestTimeout requestTimeout) {

    /** Whether a connection may carry more than one request. */
    public enum Persistence {
        /** HTTP/1.1 keep-alive and pipelining, bounded by the {@code keepalive} setting. */
        KEEP_ALIVE,
        /** Every response says {@code Connection: close}, as gunicorn's sync worker does. */
        CLOSE_AFTER_EACH
    }

    /** How request bodies reach the application. */
    public enum Bodies {
        /**
         * The application's reads block on {@link Transport#read}: the request runs on the
         * connection's own thread (blocking worker classes).
         */
        PULL,
        /**
         * The worker class's event loop delivers input with {@link Connection#received}: a
         * body of up to 64 KiB is read into memory before the request is dispatched (so a
         * non-blocking application may run it on the loop); a larger body, one the client
         * waits to send ({@code Expect: 100-continue}), or any body of a blocking
         * application is streamed to the request's thread as it arrives.
         */
        BUFFER_THEN_STREAM
    }

    /** Who enforces {@code timeout}, the longest a request may run. */
    public enum RequestTimeout {
        /**
         * The engine: a request past its deadline is answered with 503 if nothing was sent,
         * its thread is interrupted and its connection closed; once a response is
         * committed, each write restarts the deadline, so a long response that makes
         * progress is never cut. The worker keeps beating.
         */
        ENGINE,
        /**
         * The master, as for gunicorn's sync worker: the worker's heartbeat stops while a
         * request runs, so a request longer than {@code timeout} gets the worker replaced.
         * The engine answers 503 shortly before that, while the connection is still open.
         */
        HEARTBEAT
    }

    /** The options of a blocking worker class with keep-alive ({@code vthread}). */
    public static EngineOptions blocking() {
        return new EngineOptions(Persistence.KEEP_ALIVE, Bodies.PULL, RequestTimeout.ENGINE);
    }

    /** The options of an event-loop worker class ({@code reactor}). */
    public static EngineOptions eventLoop() {
        return new EngineOptions(Persistence.KEEP_ALIVE, Bodies.BUFFER_THEN_STREAM, RequestTimeout.ENGINE);
    }

    /** The options of gunicorn's sync model: one request per connection, timeout by heartbeat. */
    public static EngineOptions oneRequestPerConnection() {
        return new EngineOptions(Persistence.CLOSE_AFTER_EACH, Bodies.PULL, RequestTimeout.HEARTBEAT);
    }
}
