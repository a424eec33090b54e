package io.loomicorn.logging;

import io.loomicorn.app.Request;
import io.loomicorn.app.Response;

/**
 * One finished request, as the access log sees it.
 *
 * @param request       the request (valid only during the access log call)
 * @param response      the response
 * @param bodyBytes     response body bytes sent
 * @param durationNanos how long the request took
 * @param epochMillis   when it was logged
 */
record Exchange(Request request, Response response, long bodyBytes, long durationNanos, long epochMillis) {
}
