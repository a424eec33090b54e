/**
 * The container's {@code HttpServletRequest} over an App API request
 * ({@code ServletRequestImpl}), and the views that FORWARD, INCLUDE, ERROR and ASYNC
 * dispatches see ({@code DispatchedRequest}); the path's canonical form, the body stream,
 * query and form parameters, cookies and languages. What it needs of the application is
 * {@code RequestContext}; it builds on the response, sessions, async state, registrations,
 * multipart parsing, mapping and {@code servlet.http}.
 */
package io.loomicorn.servlet.request;
