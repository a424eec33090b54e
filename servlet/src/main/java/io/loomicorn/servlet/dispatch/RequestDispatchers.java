package io.loomicorn.servlet.dispatch;

import jakarta.servlet.RequestDispatcher;

/** Makes the application's {@link RequestDispatcher}s: by path, relative path or servlet name. */
public final class RequestDispatchers {

    private final DispatchContext context;

    /** @param context the application */
    public RequestDispatchers(DispatchContext context) {
        this.context = context;
    }

    /**
     * Returns a dispatcher for a path within the application, with an optional query.
     *
     * @param pathAndQuery e.g. {@code /target?x=1}
     * @return the dispatcher
     */
    public RequestDispatcher forPath(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return new PathDispatcher(context, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1));
    }

    /**
     * Returns a dispatcher for a servlet by name.
     *
     * @param name the servlet's name
     * @return the dispatcher
     */
    public RequestDispatcher forName(String name) {
        return new NamedDispatcher(context, context.servlet(name));
    }

    /**
     * Returns a dispatcher for a path relative to the current request's (Servlet 6.1 §9.1).
     *
     * @param target      an absolute or relative path
     * @param servletPath the current servlet path
     * @param pathInfo    the current path info, or null
     * @return the dispatcher, or null for a null target
     */
    public RequestDispatcher relative(String target, String servletPath, String pathInfo) {
        if (target == null) {
            return null;
        }
        if (target.startsWith("/")) {
            return forPath(target);
        }
        String current = servletPath + (pathInfo == null ? "" : pathInfo);
        String dir = current.substring(0, current.lastIndexOf('/') + 1);
        return forPath((dir.isEmpty() ? "/" : dir) + target);
    }
}
