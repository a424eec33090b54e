package io.loomicorn.engine;

/**
 * Receives one call per finished request, for the access log. Implementations must be
 * cheap on the calling thread: the call is on the request path.
 */
@FunctionalInterface
public interface AccessLogger {

    /** Logs nothing. */
    AccessLogger NONE = (request, response, durationNanos) -> {
    };

    /**
     * Records one exchange.
     *
     * @param request       the request
     * @param response      the response, complete or failed
     * @param durationNanos from just before {@code pre_request} until the response was written
     */
    void log(ServerRequest request, ServerResponse response, long durationNanos);
}
