/**
 * The container's {@code HttpServletResponse} over an App API response: status and
 * headers until the commit, the body buffer that decides the framing, the writer's
 * encoding, {@code sendError} and {@code sendRedirect}, and the container's own error page.
 * It knows its request only as an {@code HttpServletRequest}, and builds on the async
 * state and {@code servlet.http} only.
 */
package io.loomicorn.servlet.response;
