package io.loomicorn.servlet.registration;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * The {@link ServletContext} as its registrations see it: it refuses changes once the
 * application has started, creates servlets and filters, knows which servlet a URL pattern
 * is mapped to, and holds the filter mappings. The application's context implements it.
 */
public interface RegistrationContext extends ServletContext {

    /**
     * Checks that the configuration may still change.
     *
     * @throws IllegalStateException once the application has started
     */
    void checkConfigurable();

    /**
     * Returns the servlet that a URL pattern is mapped to.
     *
     * @param pattern a URL pattern
     * @return the servlet, or null
     */
    ServletHolder servletMappedTo(String pattern);

    /** Returns the filter mappings, in matching order. */
    FilterMappings filterMappings();

    /**
     * Creates a component with its no-argument constructor.
     *
     * @param type the class
     * @param <T>  its type
     * @return the new instance
     * @throws ServletException if the constructor fails or cannot be called
     */
    <T> T instantiate(Class<T> type) throws ServletException;
}
