package io.loomicorn.servlet.dispatch;

import io.loomicorn.servlet.mapping.ServletMatch;
import io.loomicorn.servlet.registration.ServletHolder;
import io.loomicorn.servlet.request.DispatchedRequest;
import io.loomicorn.servlet.request.RequestPath;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Map;

/** Runs one dispatch of any type through its filter chain to its servlet. */
final class Dispatches {

    private Dispatches() {
    }

    /** A dispatch path resolved against the application's mappings. */
    record Resolved(String rawPath, String decodedPath, ServletMatch<ServletHolder> match) {
    }

    static Resolved resolve(DispatchContext context, String rawPath) throws ServletException {
        RequestPath path;
        try {
            path = RequestPath.of(rawPath);
        } catch (RequestPath.BadPathException e) {
            throw new ServletException("cannot dispatch to " + rawPath + ": " + e.getMessage());
        }
        ServletMatch<ServletHolder> match = context.mapper().match(path.decodedPath());
        return new Resolved(rawPath, path.decodedPath(), match);
    }

    static DispatchedRequest.Target target(DispatchContext context, Resolved r, String query,
                                           HttpServletRequest caller) {
        return new DispatchedRequest.Target(caller.getContextPath() + r.rawPath(), r.match().servletPath(),
                r.match().pathInfo(), query, r.match().mapping());
    }

    static void run(DispatchContext context, DispatcherType type, String path, ServletHolder servlet,
                    ServletRequest request, ServletResponse response) throws IOException, ServletException {
        FilterChainImpl.of(context, type, path, servlet).doFilter(request, response);
    }

    static HttpServletRequest http(ServletRequest request) {
        if (request instanceof HttpServletRequest h) {
            return h;
        }
        throw new IllegalArgumentException("Loomicorn dispatches HTTP requests only");
    }

    static Map<String, Object> map(Object... kv) {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
