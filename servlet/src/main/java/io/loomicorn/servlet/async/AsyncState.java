package io.loomicorn.servlet.async;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The asynchronous state of one exchange (Servlet 6.1 §2.3.3.3), as a small state machine
 * that the request's own thread drives.
 *
 * <p>Loomicorn's App contract is blocking: {@code App.handle} returns when the response is
 * complete. So after a dispatch that started async returns, the request's thread parks in
 * {@link #await()} (on {@code vthread} and {@code reactor} a virtual thread, which costs no
 * carrier) until another thread calls {@code complete()} or {@code dispatch()}, or the
 * async timeout fires. A {@code dispatch()} then runs on the request's thread again, as the
 * specification's "container thread".
 */
public final class AsyncState {

    /** What the request's thread does next. */
    public enum Action {
        /** Complete the response. */
        COMPLETE,
        /** Run an ASYNC dispatch to {@link #dispatchPath()}. */
        DISPATCH,
        /** The timeout fired: run the listeners' {@code onTimeout}. */
        TIMEOUT
    }

    /** The default async timeout of Servlet 6.1: 30 seconds. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("loomicorn-servlet-async-timer").factory());

    private record Registered(AsyncListener listener, ServletRequest request, ServletResponse response) {
    }

    private final ServletContext context;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Registered> listeners = new ArrayList<>();
    private AsyncContextImpl asyncContext;
    private boolean started;
    private boolean dispatching;
    private Action pending;
    /** Whether the current cycle was completed: a second complete() is then ignored, however late. */
    private boolean completed;
    private String dispatchPath;
    private ScheduledFuture<?> timer;
    private long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;

    /** @param context the application */
    public AsyncState(ServletContext context) {
        this.context = context;
    }

    /** Marks the start of a container dispatch on the request's thread. */
    public void enterDispatch() {
        lock.lock();
        try {
            dispatching = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts the request into asynchronous mode; {@code startAsync}.
     *
     * @param request  the request the context exposes
     * @param response the response the context exposes
     * @param original whether they are the container's own objects
     * @return the context
     */
    public AsyncContext start(ServletRequest request, ServletResponse response, boolean original) {
        List<Registered> previous;
        AsyncContextImpl ctx;
        lock.lock();
        try {
            if (!dispatching) {
                throw new IllegalStateException("startAsync must be called within a dispatch");
            }
            if (started && pending == null) {
                throw new IllegalStateException("the request is already in asynchronous mode");
            }
            if (pending == Action.COMPLETE) {
                throw new IllegalStateException("the asynchronous request is already complete");
            }
            previous = new ArrayList<>(listeners);
            listeners.clear();
            started = true;
            pending = null;
            completed = false;
            timeoutMillis = asyncContext == null ? DEFAULT_TIMEOUT_MILLIS : timeoutMillis;
            ctx = new AsyncContextImpl(this, context, request, response, original);
            asyncContext = ctx;
        } finally {
            lock.unlock();
        }
        for (Registered r : previous) {
            try {
                r.listener().onStartAsync(new AsyncEvent(ctx, r.request(), r.response()));
            } catch (IOException | RuntimeException e) {
                context.log("AsyncListener.onStartAsync failed", e);
            }
        }
        return ctx;
    }

    /** Tells whether the request is in asynchronous mode (Servlet 6.1 {@code isAsyncStarted}). */
    public boolean isStarted() {
        lock.lock();
        try {
            return started && (pending == null || dispatching);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the context of the last {@code startAsync}. */
    public AsyncContext context() {
        lock.lock();
        try {
            if (!started) {
                throw new IllegalStateException("the request is not in asynchronous mode");
            }
            return asyncContext;
        } finally {
            lock.unlock();
        }
    }

    void complete() {
        lock.lock();
        try {
            if (completed || pending == Action.DISPATCH || !started) {
                // Late or repeated: the cycle already ended, or a dispatch is under way (an
                // onError listener after a failed ASYNC dispatch); the container completes it.
                return;
            }
            pending = Action.COMPLETE;
            completed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void dispatch(String path) {
        lock.lock();
        try {
            if (!started || completed || pending == Action.DISPATCH) {
                throw new IllegalStateException("the asynchronous request was already dispatched or completed");
            }
            pending = Action.DISPATCH;
            dispatchPath = path;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void setTimeout(long millis) {
        lock.lock();
        try {
            timeoutMillis = millis;
        } finally {
            lock.unlock();
        }
    }

    long timeout() {
        return timeoutMillis;
    }

    void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        lock.lock();
        try {
            if (!started) {
                throw new IllegalStateException("the request is not in asynchronous mode");
            }
            listeners.add(new Registered(listener, request, response));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called on the request's thread when a dispatch returns: tells whether async was
     * started and what happens next, waiting for it if needed.
     *
     * @return the next action, or null when the request is not asynchronous
     */
    public Action await() throws InterruptedException {
        lock.lock();
        try {
            dispatching = false;
            if (!started) {
                return null;
            }
            if (pending == null && timeoutMillis > 0) {
                timer = TIMER.schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
            }
            while (pending == null) {
                changed.await();
            }
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            Action next = pending;
            pending = null;
            if (next != Action.TIMEOUT) {
                started = false;
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    private void timedOut() {
        lock.lock();
        try {
            if (pending == null) {
                pending = Action.TIMEOUT;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns the path of the pending dispatch, or null for the original URI. */
    public String dispatchPath() {
        return dispatchPath;
    }

    /** Returns the context of the current cycle, even after it ended. */
    public AsyncContextImpl lastContext() {
        return asyncContext;
    }

    /** Tells whether complete or dispatch is pending, e.g. after {@code onTimeout} listeners. */
    public boolean resolved() {
        lock.lock();
        try {
            return pending == Action.COMPLETE || pending == Action.DISPATCH;
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code onTimeout} to the listeners. */
    public void fireTimeout() {
        fire((l, e) -> l.onTimeout(e), null);
    }

    /** Sends {@code onError} to the listeners. */
    public void fireError(Throwable t) {
        fire((l, e) -> l.onError(e), t);
    }

    /** Sends {@code onComplete} to the listeners, once the response is complete. */
    public void fireComplete() {
        if (asyncContext == null) {
            return; // never asynchronous: no listener can exist
        }
        fire((l, e) -> l.onComplete(e), null);
        lock.lock();
        try {
            listeners.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Tells whether listeners are registered. */
    public boolean hasListeners() {
        lock.lock();
        try {
            return !listeners.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private interface Call {
        void call(AsyncListener l, AsyncEvent e) throws IOException;
    }

    private void fire(Call call, Throwable t) {
        List<Registered> copy;
        AsyncContextImpl ctx;
        lock.lock();
        try {
            copy = new ArrayList<>(listeners);
            ctx = asyncContext;
        } finally {
            lock.unlock();
        }
        for (Registered r : copy) {
            try {
                call.call(r.listener(), new AsyncEvent(ctx, r.request(), r.response(), t));
            } catch (IOException | RuntimeException e) {
                context.log("AsyncListener " + r.listener().getClass().getName() + " failed", e);
            }
        }
    }

    /**
     * Runs a task on a new virtual thread with the application's class loader:
     * {@code AsyncContext.start} and the read and write listeners.
     *
     * @param task the task
     */
    public void runOffThread(Runnable task) {
        Thread.ofVirtual().name("loomicorn-servlet-async").start(() -> {
            Thread.currentThread().setContextClassLoader(context.getClassLoader());
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                context.log("An AsyncContext.start task failed", e);
            }
        });
    }
}
