package io.loomicorn.servlet.context;

import jakarta.servlet.ServletContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's error pages: what {@code <error-page>} declares in a {@code web.xml},
 * registered in code because Loomicorn reads no descriptor. A page is a path within the
 * application that the ERROR dispatch forwards to (Servlet 6.1 §10.9).
 *
 * <pre>{@code
 * ErrorPages.of(servletContext).add(404, "/errors/not-found");
 * ErrorPages.of(servletContext).add(IllegalStateException.class, "/errors/conflict");
 * ErrorPages.of(servletContext).setDefault("/errors/any");
 * }</pre>
 *
 * <p>Lookup order for an exception: the closest class up its hierarchy, then the same for
 * the root cause of a {@code ServletException}; then the status; then the default page.
 */
public final class ErrorPages {

    /** The context attribute under which the application's instance is found. */
    public static final String ATTRIBUTE = ErrorPages.class.getName();

    private final Map<Integer, String> byStatus = new ConcurrentHashMap<>();
    private final Map<Class<? extends Throwable>, String> byException = new ConcurrentHashMap<>();
    private volatile String fallback;

    ErrorPages() {
    }

    /**
     * Returns the error pages of a Loomicorn servlet context.
     *
     * @param context the application's context
     * @return its error pages
     * @throws IllegalArgumentException if the context is not Loomicorn's
     */
    public static ErrorPages of(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE) instanceof ErrorPages pages) {
            return pages;
        }
        throw new IllegalArgumentException("not a Loomicorn servlet context: " + context);
    }

    /**
     * Serves {@code location} for responses with this status.
     *
     * @param status   400 to 599
     * @param location a path within the application, starting with {@code /}
     * @return this
     */
    public ErrorPages add(int status, String location) {
        byStatus.put(status, checked(location));
        return this;
    }

    /**
     * Serves {@code location} when a request fails with this exception or a subclass.
     *
     * @param type     the exception class
     * @param location a path within the application, starting with {@code /}
     * @return this
     */
    public ErrorPages add(Class<? extends Throwable> type, String location) {
        byException.put(type, checked(location));
        return this;
    }

    /**
     * Serves {@code location} for every error that no other page covers.
     *
     * @param location a path within the application, starting with {@code /}, or null for none
     * @return this
     */
    public ErrorPages setDefault(String location) {
        fallback = location == null ? null : checked(location);
        return this;
    }

    /**
     * Finds the page for an error.
     *
     * @param status    the response status
     * @param exception the exception, or null
     * @return the location, or null for the server's own error page
     */
    public String find(int status, Throwable exception) {
        for (Throwable t = exception; t != null; t = t instanceof jakarta.servlet.ServletException se ? se.getRootCause() : null) {
            for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                String page = byException.get(c);
                if (page != null) {
                    return page;
                }
            }
        }
        String page = byStatus.get(status);
        return page != null ? page : fallback;
    }

    private static String checked(String location) {
        if (location == null || !location.startsWith("/")) {
            throw new IllegalArgumentException("an error page location must start with '/': " + location);
        }
        return location;
    }
}
