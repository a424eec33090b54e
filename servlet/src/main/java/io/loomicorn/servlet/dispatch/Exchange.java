package io.loomicorn.servlet.dispatch;

import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.servlet.async.AsyncState;
import io.loomicorn.servlet.mapping.ServletMatch;
import io.loomicorn.servlet.registration.ServletHolder;
import io.loomicorn.servlet.request.DispatchedRequest;
import io.loomicorn.servlet.request.RequestPath;
import io.loomicorn.servlet.request.ServletRequestImpl;
import io.loomicorn.servlet.response.DefaultErrorPage;
import io.loomicorn.servlet.response.ServletResponseImpl;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Map;

/**
 * One HTTP exchange through the servlet container, on the request's thread:
 * <ol>
 *   <li>canonicalise the path (400 for an ambiguous one) and map it to a servlet;</li>
 *   <li>{@code requestInitialized}, then the REQUEST dispatch through the filters;</li>
 *   <li>error handling (error page or the container's page) for an escaped exception or
 *       a {@code sendError};</li>
 *   <li>while the request is asynchronous: wait, then run the ASYNC dispatch, the
 *       timeout listeners or the completion, on this same thread;</li>
 *   <li>complete the response, {@code onComplete}, {@code requestDestroyed}, save the
 *       session and delete multipart temporary files.</li>
 * </ol>
 */
public final class Exchange {

    private final DispatchContext context;
    private final Request request;
    private final Response response;

    /**
     * @param context  the application
     * @param request  the App API request
     * @param response the App API response
     */
    public Exchange(DispatchContext context, Request request, Response response) {
        this.context = context;
        this.request = request;
        this.response = response;
    }

    /**
     * Runs the exchange to its end.
     *
     * @throws IOException if the connection fails, or the application failed after the
     *                     response was committed (the server then closes the connection)
     * @throws InterruptedException if the request's thread is interrupted (request timeout)
     */
    public void run() throws IOException, InterruptedException {
        RequestPath path;
        try {
            path = RequestPath.of(RequestPath.rawPathOf(request.target()));
        } catch (RequestPath.BadPathException e) {
            context.errorLog().log(System.Logger.Level.WARNING, "Invalid request: " + e.getMessage());
            badRequest();
            return;
        }
        String pathInContext = withinContext(path.decodedPath(), request.scriptName());
        ServletRequestImpl req = new ServletRequestImpl(context, request, path, pathInContext);
        AsyncState async = new AsyncState(context);
        ServletResponseImpl res = new ServletResponseImpl(response, context, async);
        ServletMatch<ServletHolder> match = context.mapper().match(pathInContext);
        req.bind(res, async, match);
        res.bind(req);
        Thread thread = Thread.currentThread();
        ClassLoader loaderBefore = thread.getContextClassLoader();
        thread.setContextClassLoader(context.getClassLoader());
        boolean listeners = context.listeners().hasRequestListeners();
        try {
            if (listeners) {
                context.listeners().requestInitialized(context, req);
            }
            Throwable failure = dispatch(req, res, async, DispatcherType.REQUEST, req, res, pathInContext, match);
            boolean asyncDispatch = false;
            while (true) {
                if (failure != null) {
                    // A failure inside an asynchronous cycle (async started, or an ASYNC
                    // dispatch) goes to the cycle's listeners first (Servlet 6.1 §2.3.3.3).
                    boolean started = async.isStarted();
                    if (started || asyncDispatch) {
                        async.fireError(failure);
                    }
                    if (!async.resolved()) {
                        ErrorHandler.failed(context, req, res, failure);
                        if (async.isStarted()) {
                            async.lastContext().complete();
                        }
                    }
                    failure = null;
                } else if (res.errorStatus() != 0 && !async.isStarted()) {
                    ErrorHandler.page(context, req, res, null);
                }
                AsyncState.Action next;
                try {
                    next = async.await();
                } catch (InterruptedException e) {
                    // The server's request timeout fired while the request waited: tell the
                    // application's listeners, which may hold resources for it.
                    async.fireError(new IOException("the request exceeded the server's timeout"));
                    async.fireComplete();
                    throw e;
                }
                if (next == null) {
                    break;
                }
                switch (next) {
                    case COMPLETE -> {
                        if (res.errorStatus() != 0) {
                            ErrorHandler.page(context, req, res, null);
                        }
                        finish(req, res, async);
                        return;
                    }
                    case DISPATCH -> {
                        asyncDispatch = true;
                        failure = asyncDispatch(req, res, async);
                    }
                    case TIMEOUT -> {
                        async.fireTimeout();
                        if (!async.resolved()) {
                            res.markError(500, "AsyncContext timeout");
                            ErrorHandler.page(context, req, res, null);
                            async.lastContext().complete();
                        }
                    }
                }
            }
            finish(req, res, async);
        } finally {
            try {
                if (listeners) {
                    context.listeners().requestDestroyed(context, req);
                }
                if (req.sessions() != null) {
                    req.sessions().requestDone();
                }
                if (req.multipart() != null) {
                    req.multipart().delete();
                }
            } finally {
                thread.setContextClassLoader(loaderBefore);
            }
        }
    }

    private void finish(ServletRequestImpl req, ServletResponseImpl res, AsyncState async) throws IOException {
        try {
            res.complete();
        } finally {
            if (async != null) {
                async.fireComplete();
            }
        }
    }

    /** Runs one dispatch; returns what escaped it, or null. */
    private Throwable dispatch(ServletRequestImpl base, ServletResponseImpl res, AsyncState async,
                               DispatcherType type, ServletRequest request, ServletResponse response,
                               String path, ServletMatch<ServletHolder> match) {
        async.enterDispatch();
        try {
            Dispatches.run(context, type, path, match.target(), request, response);
            return null;
        } catch (ErrorHandler.Abort e) {
            return e;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            return t;
        }
    }

    /** The ASYNC dispatch of {@code AsyncContext.dispatch} (Servlet 6.1 §2.3.3.3). */
    private Throwable asyncDispatch(ServletRequestImpl base, ServletResponseImpl res, AsyncState async) {
        AsyncContext ctx = async.lastContext();
        ServletRequest request = ctx.getRequest();
        ServletResponse response = ctx.getResponse();
        HttpServletRequest http = (HttpServletRequest) request;
        String target = async.dispatchPath();
        String rawPath;
        String query = null;
        if (target == null) {
            rawPath = ctx.hasOriginalRequestAndResponse() ? base.getRequestURI().substring(base.getContextPath().length())
                    : http.getRequestURI().substring(http.getContextPath().length());
        } else {
            int q = target.indexOf('?');
            rawPath = q < 0 ? target : target.substring(0, q);
            query = q < 0 ? null : target.substring(q + 1);
        }
        Dispatches.Resolved r;
        try {
            r = Dispatches.resolve(context, rawPath);
        } catch (Exception e) {
            return e;
        }
        Map<String, Object> special = Dispatches.map(
                AsyncContext.ASYNC_REQUEST_URI, base.getRequestURI(),
                AsyncContext.ASYNC_CONTEXT_PATH, base.getContextPath(),
                AsyncContext.ASYNC_SERVLET_PATH, base.getServletPath(),
                AsyncContext.ASYNC_PATH_INFO, base.getPathInfo(),
                AsyncContext.ASYNC_QUERY_STRING, base.getQueryString(),
                AsyncContext.ASYNC_MAPPING, base.getHttpServletMapping());
        DispatchedRequest dispatched = new DispatchedRequest(http, DispatcherType.ASYNC,
                Dispatches.target(context, r, query, http), special, query);
        return dispatch(base, res, async, DispatcherType.ASYNC, dispatched, response, r.decodedPath(), r.match());
    }

    private void badRequest() throws IOException {
        response.status(400);
        response.headers().set("Content-Type", DefaultErrorPage.CONTENT_TYPE);
        response.send(DefaultErrorPage.render(400, "Ambiguous or invalid URI"));
    }

    /** The path below the context path; the context path itself maps as {@code /}. */
    static String withinContext(String decodedPath, String contextPath) {
        if (contextPath.isEmpty() || !decodedPath.startsWith(contextPath)) {
            return decodedPath;
        }
        String rest = decodedPath.substring(contextPath.length());
        return rest.isEmpty() ? "/" : rest;
    }
}
