/**
 * The application's static resources: {@code META-INF/resources/} on its class path
 * ({@code Resources}, behind {@code ServletContext.getResource} and its siblings), media
 * types by file extension ({@code MimeTypes}), and {@code DefaultServlet}, which serves them
 * at {@code /} when the application maps nothing there. Only the Servlet API below it.
 */
package io.loomicorn.servlet.resource;
