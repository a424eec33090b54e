package io.loomicorn.servlet;

import io.loomicorn.app.App;
import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.servlet.context.AppContext;
import io.loomicorn.servlet.dispatch.Exchange;

/**
 * A started servlet application as a Loomicorn {@link App}: each request runs through
 * the container ({@link Exchange}) on the thread the worker class gives it; the
 * application blocks ({@link #isBlocking()}), so {@code reactor} never runs it on an I/O
 * thread. Closing it, at worker exit, destroys servlets, filters and context listeners.
 */
public final class ServletApp implements App, AutoCloseable {

    private final AppContext context;

    /**
     * @param context the started application
     */
    public ServletApp(AppContext context) {
        this.context = context;
    }

    /** Returns the application's context. */
    public AppContext context() {
        return context;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        new Exchange(context, request, response).run();
    }

    @Override
    public boolean isBlocking() {
        return true;
    }

    @Override
    public void close() {
        context.stop();
    }
}
