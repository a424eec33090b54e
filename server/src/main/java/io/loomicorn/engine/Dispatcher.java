package io.loomicorn.engine;

import io.loomicorn.app.App;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.proxy.ForwardedRequestException;

import java.io.IOException;

/**
 * Runs the application for one exchange: {@code pre_request}, the application,
 * completion of the response, {@code post_request}, the access log and the request
 * count. Failures are answered here, in one place, for every worker class:
 * <ul>
 *   <li>what trusted proxies said is applied first ({@link ServerRequest#applyProxies()}):
 *       contradictory scheme headers get 400, a path outside the mount point 500, as in
 *       gunicorn, and the application does not run;</li>
 *   <li>a malformed or oversized request body that the application did not handle gets
 *       the parser's status (400 or 413);</li>
 *   <li>any other exception before the response was committed gets a 500 with no
 *       details, and its stack trace goes to the error log;</li>
 *   <li>an exception after the commit closes the connection;</li>
 *   <li>a request that ran past its timeout was already answered by the watchdog.</li>
 * </ul>
 */
public final class Dispatcher {

    private final App app;
    private final Hooks hooks;
    private final WorkerInfo worker;
    private final AccessLog accessLog;
    private final Runnable requestCompleted;
    private final RequestMetrics metrics;

    /**
     * Creates the dispatcher of a worker process.
     *
     * @param app              the application
     * @param hooks            the user's hooks
     * @param worker           this worker, as hooks see it
     * @param accessLog        the access log
     * @param requestCompleted counts a request toward {@code max_requests}
     */
    public Dispatcher(App app, Hooks hooks, WorkerInfo worker, AccessLog accessLog, Runnable requestCompleted) {
        this(app, hooks, worker, accessLog, requestCompleted, RequestMetrics.NONE);
    }

    /**
     * Creates the dispatcher of a worker process that counts for the master's metrics.
     *
     * @param app              the application
     * @param hooks            the user's hooks
     * @param worker           this worker, as hooks see it
     * @param accessLog        the access log
     * @param requestCompleted counts a request toward {@code max_requests}
     * @param metrics          counts requests by method and status, their durations, and bad bodies
     */
    public Dispatcher(App app, Hooks hooks, WorkerInfo worker, AccessLog accessLog, Runnable requestCompleted,
                      RequestMetrics metrics) {
        this.app = app;
        this.hooks = hooks;
        this.worker = worker;
        this.accessLog = accessLog;
        this.requestCompleted = requestCompleted;
        this.metrics = metrics;
    }

    /**
     * Handles one exchange. Never throws, except a {@link VirtualMachineError}, which ends
     * the worker.
     *
     * @param request  the request
     * @param response the response to complete
     */
    public void dispatch(ServerRequest request, ServerResponse response) {
        long start = System.nanoTime();
        try {
            request.applyProxies();
            hooks.preRequest(worker, request);
            app.handle(request, response);
            response.finish();
        } catch (VirtualMachineError e) {
            response.markBroken();
            throw e;
        } catch (Throwable t) {
            fail(request, response, t);
        } finally {
            try {
                hooks.postRequest(worker, request, response);
            } catch (Throwable t) {
                ServerLog.ERROR.error("post_request hook failed", t);
            }
            long nanos = System.nanoTime() - start;
            accessLog.log(request, response, response.bodyBytes(), nanos);
            metrics.requestDone(request.method(), response.status(), nanos);
            requestCompleted.run();
        }
    }

    /**
     * Records an exchange that the server answered without running the application (its
     * body did not arrive before the timeout): the access log and the request count.
     *
     * @param request  the request
     * @param response the server's answer
     * @param nanos    how long the exchange took
     */
    public void logUnanswered(ServerRequest request, ServerResponse response, long nanos) {
        accessLog.log(request, response, 0, nanos);
        metrics.requestDone(request.method(), response.status(), nanos);
        requestCompleted.run();
    }

    /** Returns the application. */
    App app() {
        return app;
    }

    private void fail(ServerRequest request, ServerResponse response, Throwable t) {
        if (response.timedOut()) {
            // The watchdog answered and closed; the application saw the interrupt or the
            // closed channel. Nothing more to send.
            return;
        }
        try {
            if (t instanceof RequestBodyException body) {
                if (body.error() != null) {
                    metrics.parseError(body.error().kind());
                }
                ServerLog.ERROR.warn("Invalid request from ip={}: {}",
                        request.connection().remoteHost(), body.getMessage());
                if (!response.sendError(body.status(), body.error() != null && body.error().safeToEcho()
                        ? body.getMessage() : null)) {
                    response.markBroken();
                }
                return;
            }
            if (t instanceof ForwardedRequestException f) {
                ServerLog.ERROR.warn("Invalid request from ip={}: {}", request.connection().remoteHost(), f.getMessage());
                if (!response.sendError(f.status(), f.clientDetail())) {
                    response.markBroken();
                }
                return;
            }
            if (t instanceof IOException && response.isCommitted()) {
                ServerLog.ERROR.debug("Ignored premature client disconnection. {}", t.toString());
                response.markBroken();
                return;
            }
            ServerLog.ERROR.error("Error handling request {} {}", request.method(), request.target(), t);
            if (!response.sendError(500, null)) {
                response.markBroken();
            }
        } catch (IOException e) {
            ServerLog.ERROR.debug("Could not send the error response: {}", e.toString());
            response.markBroken();
        }
    }
}
