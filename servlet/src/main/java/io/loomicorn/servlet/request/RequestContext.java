package io.loomicorn.servlet.request;

import io.loomicorn.servlet.registration.Listeners;
import io.loomicorn.servlet.session.SessionManager;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;

/**
 * The {@link ServletContext} as a request sees it: with the listeners its attribute events
 * go to, the sessions, and dispatchers for paths relative to the request. The application's
 * context implements it.
 */
public interface RequestContext extends ServletContext {

    /** Returns the application's listeners. */
    Listeners listeners();

    /** Returns the application's sessions; valid once started. */
    SessionManager sessions();

    /**
     * Returns a dispatcher for a path relative to a request's (Servlet 6.1 §9.1), or for an
     * absolute path within the application.
     *
     * @param target      an absolute or relative path, with an optional query
     * @param servletPath the request's servlet path
     * @param pathInfo    the request's path info, or null
     * @return the dispatcher, or null for a null target
     */
    RequestDispatcher relativeDispatcher(String target, String servletPath, String pathInfo);
}
