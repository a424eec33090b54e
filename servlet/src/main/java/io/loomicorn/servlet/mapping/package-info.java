/**
 * URL patterns and the mapping of a path to a servlet (Servlet 6.1 §12), free of servlet
 * state: {@code UrlPattern}, {@code ServletMapper} and the {@code ServletMatch} it returns.
 * It names no other package of the container.
 */
package io.loomicorn.servlet.mapping;
