package io.loomicorn.servlet.dispatch;

import io.loomicorn.servlet.request.DispatchedRequest;
import io.loomicorn.servlet.request.Requests;
import io.loomicorn.servlet.response.ServletResponseImpl;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/** A {@link RequestDispatcher} for a path within the application (Servlet 6.1 §9). */
final class PathDispatcher implements RequestDispatcher {

    private final DispatchContext context;
    private final String rawPath;
    private final String query;

    PathDispatcher(DispatchContext context, String rawPath, String query) {
        this.context = context;
        this.rawPath = rawPath;
        this.query = query;
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        ServletResponseImpl base = Requests.base(response);
        if (base.isCommitted()) {
            throw new IllegalStateException("cannot forward: the response is already committed");
        }
        base.resetForForward();
        HttpServletRequest caller = Dispatches.http(request);
        Dispatches.Resolved r = Dispatches.resolve(context, rawPath);
        java.util.Map<String, Object> special = caller.getAttribute(FORWARD_REQUEST_URI) != null
                ? java.util.Map.of()
                : Dispatches.map(FORWARD_REQUEST_URI, caller.getRequestURI(),
                        FORWARD_CONTEXT_PATH, caller.getContextPath(),
                        FORWARD_SERVLET_PATH, caller.getServletPath(),
                        FORWARD_PATH_INFO, caller.getPathInfo(),
                        FORWARD_QUERY_STRING, caller.getQueryString(),
                        FORWARD_MAPPING, caller.getHttpServletMapping());
        DispatchedRequest target = new DispatchedRequest(caller, DispatcherType.FORWARD,
                Dispatches.target(context, r, query, caller), special, query);
        Dispatches.run(context, DispatcherType.FORWARD, r.decodedPath(), r.match().target(), target, response);
        if (!Requests.base(request).isAsyncStarted()) {
            base.closeAfterForward();
        }
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        ServletResponseImpl base = Requests.base(response);
        HttpServletRequest caller = Dispatches.http(request);
        Dispatches.Resolved r = Dispatches.resolve(context, rawPath);
        java.util.Map<String, Object> special = Dispatches.map(
                INCLUDE_REQUEST_URI, caller.getContextPath() + rawPath,
                INCLUDE_CONTEXT_PATH, caller.getContextPath(),
                INCLUDE_SERVLET_PATH, r.match().servletPath(),
                INCLUDE_PATH_INFO, r.match().pathInfo(),
                INCLUDE_QUERY_STRING, query,
                INCLUDE_MAPPING, r.match().mapping());
        DispatchedRequest target = new DispatchedRequest(caller, DispatcherType.INCLUDE,
                Dispatches.target(context, r, query, caller), special, query);
        base.enterInclude();
        try {
            Dispatches.run(context, DispatcherType.INCLUDE, r.decodedPath(), r.match().target(), target, response);
        } finally {
            base.leaveInclude();
        }
    }
}
