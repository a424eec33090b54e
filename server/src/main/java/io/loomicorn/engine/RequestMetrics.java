package io.loomicorn.engine;

import io.loomicorn.http.parser.ParseError;

/**
 * What the engine counts, for the master's metrics: the engine calls it on the request
 * path, so an implementation must be cheap and never block (the worker's writes shared
 * memory with atomic adds). {@link #NONE} counts nothing: the warm-up, tests, the
 * master's own admin endpoint.
 */
public interface RequestMetrics {

    /** Counts nothing. */
    RequestMetrics NONE = new RequestMetrics() {
    };

    /** A connection was opened. */
    default void connectionOpened() {
    }

    /** A connection the engine opened was closed (once per connection). */
    default void connectionClosed() {
    }

    /** A request starts running (in flight). */
    default void exchangeStarted() {
    }

    /** A request stopped running. */
    default void exchangeEnded() {
    }

    /**
     * A request was answered (the access log's moment).
     *
     * @param method the request's method
     * @param status the response's status
     * @param nanos  how long the exchange took
     */
    default void requestDone(String method, int status, long nanos) {
    }

    /**
     * A request was refused as malformed: its head, a PROXY header, or its body.
     *
     * @param kind the rule it broke
     */
    default void parseError(ParseError.Kind kind) {
    }

    /** A request ran past {@code timeout}. */
    default void timedOut() {
    }
}
