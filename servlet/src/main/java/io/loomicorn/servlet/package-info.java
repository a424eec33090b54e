/**
 * A Jakarta Servlet 6.1 container as a Loomicorn application adapter (docs/servlet.md).
 * {@code ServletAdapter} is the {@code AppAdapter} that Loomicorn finds with
 * {@code ServiceLoader}; it starts the application ({@code bootstrap}) and serves its
 * context as a {@code ServletApp}, the App whose {@code handle} runs one exchange.
 *
 * <p>The packages form layers; each names only packages on the rows below its own
 * (ArchitectureIT checks that there is no cycle; docs/architecture.md draws the same):
 * <pre>
 * (this package)        ServletAdapter, ServletApp
 *   bootstrap           Startup: initializers, their {@code @HandlesTypes} classes; WAR and web.xml lines
 *   context             AppContext (the ServletContext), ErrorPages, ServerFacts, CookieConfig
 *   dispatch            Exchange, dispatchers, filter chains, error handling        (DispatchContext)
 *   request             the HttpServletRequest, dispatched views, body, parameters   (RequestContext)
 *   response, session   the HttpServletResponse and its buffer; SessionManager, SessionStore
 *   async, registration AsyncState; servlets, filters, their mappings, listeners (RegistrationContext)
 *   multipart, resource multipart parts; META-INF/resources, MIME types, the default servlet
 *   mapping, http       URL patterns and servlet mapping; Content-Type, client errors
 * </pre>
 * A lower layer that needs the application names an interface of its own (in parentheses:
 * the {@code ServletContext} as that layer sees it), and {@code AppContext} implements them.
 */
package io.loomicorn.servlet;
