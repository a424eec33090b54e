package io.loomicorn.servlet.dispatch;

import io.loomicorn.servlet.http.ClientError;
import io.loomicorn.servlet.request.DispatchedRequest;
import io.loomicorn.servlet.request.ServletRequestImpl;
import io.loomicorn.servlet.response.DefaultErrorPage;
import io.loomicorn.servlet.response.ServletResponseImpl;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;

import java.io.IOException;
import java.util.Map;

/**
 * Answers errors (Servlet 6.1 §10.9): an exception that escaped the application, or a
 * {@code sendError}. It picks the status (the client's fault gives 400 or 413,
 * {@link UnavailableException} 503, anything else 500), logs server errors with their stack
 * trace to the error log, and renders the application's error page by an ERROR dispatch, or
 * the container's own page. An exception after the response was committed cannot be
 * answered: the connection is closed instead.
 */
final class ErrorHandler {

    /** Thrown to make the server close a connection whose response was already committed. */
    static final class Abort extends IOException {
        private static final long serialVersionUID = 1L;

        Abort(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ErrorHandler() {
    }

    /**
     * Answers an exception that escaped a dispatch.
     *
     * @throws Abort if the response is committed
     */
    static void failed(DispatchContext context, ServletRequestImpl request, ServletResponseImpl response, Throwable t)
            throws IOException {
        int status = ClientError.statusOf(t);
        if (status == 0) {
            status = unwrap(t) instanceof UnavailableException ? 503 : 500;
        }
        if (status >= 500) {
            context.errorLog().log(System.Logger.Level.ERROR, "Error handling request " + request, t);
        } else {
            context.errorLog().log(System.Logger.Level.WARNING,
                    "Invalid request from ip=" + request.getRemoteAddr() + ": " + describe(t));
        }
        if (response.isCommitted()) {
            throw new Abort("the response was committed when the application failed", t);
        }
        response.markError(status, null);
        page(context, request, response, t);
    }

    /** Renders the page for the error marked on the response. */
    static void page(DispatchContext context, ServletRequestImpl request, ServletResponseImpl response, Throwable t)
            throws IOException {
        int status = response.errorStatus();
        String message = response.errorMessage();
        String location = context.errorPage(status, t);
        if (location != null) {
            response.beginErrorPage();
            try {
                dispatch(context, request, response, location, status, message, t);
            } catch (ServletException | IOException | RuntimeException e) {
                context.log("The error page " + location + " failed", e);
                if (response.isCommitted()) {
                    throw new Abort("the error page failed after committing", e);
                }
                response.markError(status, message);
                renderDefault(response, status, message);
                return;
            }
            if (response.errorStatus() != 0) {
                renderDefault(response, response.errorStatus(), response.errorMessage());
            }
            return;
        }
        renderDefault(response, status, message);
    }

    private static void dispatch(DispatchContext context, ServletRequestImpl request, ServletResponseImpl response,
                                 String location, int status, String message, Throwable t)
            throws ServletException, IOException {
        int q = location.indexOf('?');
        String path = q < 0 ? location : location.substring(0, q);
        String query = q < 0 ? null : location.substring(q + 1);
        Dispatches.Resolved r = Dispatches.resolve(context, path);
        Throwable cause = unwrap(t);
        Map<String, Object> special = Dispatches.map(
                RequestDispatcher.ERROR_STATUS_CODE, status,
                RequestDispatcher.ERROR_EXCEPTION_TYPE, cause == null ? null : cause.getClass(),
                RequestDispatcher.ERROR_MESSAGE, message != null ? message : cause != null ? cause.getMessage() : null,
                RequestDispatcher.ERROR_EXCEPTION, cause,
                RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI(),
                RequestDispatcher.ERROR_SERVLET_NAME, request.match().mapping().getServletName(),
                RequestDispatcher.ERROR_QUERY_STRING, request.getQueryString(),
                RequestDispatcher.ERROR_METHOD, request.getMethod());
        DispatchedRequest target = new DispatchedRequest(request, DispatcherType.ERROR,
                Dispatches.target(context, r, query, request), special, query);
        Dispatches.run(context, DispatcherType.ERROR, r.decodedPath(), r.match().target(), target, response);
    }

    private static void renderDefault(ServletResponseImpl response, int status, String message) throws IOException {
        response.beginErrorPage();
        response.setStatus(status);
        response.setContentType(DefaultErrorPage.CONTENT_TYPE);
        response.getOutputStream().write(DefaultErrorPage.render(status, message));
    }

    /** The exception an error page is chosen by: a ServletException's root cause. */
    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof ServletException se && se.getRootCause() != null && se.getRootCause() != se) {
            c = se.getRootCause();
        }
        return c;
    }

    private static String describe(Throwable t) {
        Throwable c = unwrap(t);
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
