package io.loomicorn.logging;

import io.loomicorn.app.Request;
import io.loomicorn.app.Response;

/**
 * Receives one call per finished request, for the access log. Implementations must be
 * cheap on the calling thread: the call is on the request path.
 */
@FunctionalInterface
public interface AccessLog {

    /** Logs nothing: the default, as {@code accesslog} is off by default. */
    AccessLog NONE = (request, response, bodyBytes, durationNanos) -> {
    };

    /**
     * Records one exchange.
     *
     * @param request       the request
     * @param response      the response, complete or failed
     * @param bodyBytes     response body bytes sent
     * @param durationNanos from just before {@code pre_request} until the response was written
     */
    void log(Request request, Response response, long bodyBytes, long durationNanos);
}
