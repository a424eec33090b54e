package io.loomicorn.servlet.dispatch;

import io.loomicorn.servlet.mapping.ServletMapper;
import io.loomicorn.servlet.registration.FilterMappings;
import io.loomicorn.servlet.registration.ServletHolder;
import io.loomicorn.servlet.request.RequestContext;

/**
 * The started application as the dispatch machinery sees it: a request's view of the
 * context, plus the servlet mappings, the filter mappings, the servlets by name, the error
 * pages and the server's error log. The application's context implements it.
 */
public interface DispatchContext extends RequestContext {

    /** Returns the servlet mapper; valid once started. */
    ServletMapper<ServletHolder> mapper();

    /** Returns the filter mappings, in matching order. */
    FilterMappings filterMappings();

    /**
     * Returns a servlet by name.
     *
     * @param name the servlet's name
     * @return the servlet, or null
     */
    ServletHolder servlet(String name);

    /**
     * Finds the error page for an error.
     *
     * @param status    the response status
     * @param exception the exception, or null
     * @return the page's location, or null for the container's own page
     */
    String errorPage(int status, Throwable exception);

    /** Returns the server's error log, where request failures go with their stack traces. */
    System.Logger errorLog();
}
