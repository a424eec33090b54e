package io.loomicorn.servlet.async;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/** One asynchronous cycle's {@link AsyncContext}: a thin handle on the exchange's {@link AsyncState}. */
public final class AsyncContextImpl implements AsyncContext {

    private final AsyncState state;
    private final ServletContext context;
    private final ServletRequest request;
    private final ServletResponse response;
    private final boolean original;

    AsyncContextImpl(AsyncState state, ServletContext context, ServletRequest request, ServletResponse response,
                     boolean original) {
        this.state = state;
        this.context = context;
        this.request = request;
        this.response = response;
        this.original = original;
    }

    @Override
    public ServletRequest getRequest() {
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return original;
    }

    @Override
    public void dispatch() {
        state.dispatch(null);
    }

    @Override
    public void dispatch(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a dispatch path must start with '/': " + path);
        }
        state.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        if (servletContext != context) {
            throw new IllegalArgumentException("Loomicorn serves one application; cannot dispatch to " + servletContext);
        }
        dispatch(path);
    }

    @Override
    public void complete() {
        state.complete();
    }

    @Override
    public void start(Runnable run) {
        state.runOffThread(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        state.addListener(listener, request, response);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
        state.addListener(listener, servletRequest, servletResponse);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        try {
            return clazz.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ServletException("cannot instantiate " + clazz.getName(), e);
        }
    }

    @Override
    public void setTimeout(long timeout) {
        state.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return state.timeout();
    }
}
