package io.loomicorn.servlet.dispatch;

import io.loomicorn.servlet.registration.ServletHolder;
import io.loomicorn.servlet.request.DispatchedRequest;
import io.loomicorn.servlet.request.Requests;
import io.loomicorn.servlet.response.ServletResponseImpl;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * A {@link RequestDispatcher} for a servlet by name: the paths and attributes stay those
 * of the caller (Servlet 6.1 §9.4.2), and only filters mapped to the servlet's name apply.
 */
final class NamedDispatcher implements RequestDispatcher {

    private final DispatchContext context;
    private final ServletHolder servlet;

    NamedDispatcher(DispatchContext context, ServletHolder servlet) {
        this.context = context;
        this.servlet = servlet;
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        ServletResponseImpl base = Requests.base(response);
        if (base.isCommitted()) {
            throw new IllegalStateException("cannot forward: the response is already committed");
        }
        base.resetForForward();
        DispatchedRequest target = new DispatchedRequest(Dispatches.http(request), DispatcherType.FORWARD, null,
                Map.of(), null);
        Dispatches.run(context, DispatcherType.FORWARD, null, servlet, target, response);
        if (!Requests.base(request).isAsyncStarted()) {
            base.closeAfterForward();
        }
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        ServletResponseImpl base = Requests.base(response);
        DispatchedRequest target = new DispatchedRequest(Dispatches.http(request), DispatcherType.INCLUDE, null,
                Map.of(), null);
        base.enterInclude();
        try {
            Dispatches.run(context, DispatcherType.INCLUDE, null, servlet, target, response);
        } finally {
            base.leaveInclude();
        }
    }
}
