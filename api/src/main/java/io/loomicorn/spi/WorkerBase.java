package io.loomicorn.spi;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What every worker class shares, as gunicorn's {@code workers/base.py}: the heartbeat
 * cadence, shutdown and the grace period, the accept queue at the last stop, closing the
 * listeners, the accept-failure policy and the drain wait. A subclass states only how it
 * accepts connections ({@link #startAccepting()}, {@link #stopAccepting()}) and on which
 * threads it runs them.
 *
 * <h2>Life</h2>
 * {@link #run()} starts the heartbeat and {@link #startAccepting()}, then waits for
 * {@link #shutdown}. Shutdown, whatever its cause (TERM, HUP, a code reload,
 * {@code max_requests}, TTOU), goes the same way:
 * <ol>
 *   <li>{@link #stopAccepting()}: no new connection is taken;</li>
 *   <li>{@link #acceptQueued()}: the connections the kernel already queued on the
 *       listeners are accepted and served one request each, so none is reset (after the
 *       last worker stops, the master closes the listeners);</li>
 *   <li>this process's copies of the listeners are closed (the master keeps the sockets);</li>
 *   <li>{@link Engine#drain()}: busy connections answer {@code Connection: close}, idle
 *       keep-alive connections are kept until their client sends one more request;</li>
 *   <li>when every connection closed, or at the end of the grace period,
 *       {@link Engine#closeAll()} and {@link #stopped()}; {@code run()} returns.</li>
 * </ol>
 *
 * <h2>Heartbeat</h2>
 * A daemon thread beats every {@code timeout / 2} (between 100 ms and 1 s) while
 * {@link #healthy()} says so; a subclass whose threads can get stuck (an event loop, a
 * virtual-thread scheduler) overrides it, so that a stuck worker stops beating and the
 * master replaces it.
 */
public abstract class WorkerBase implements Worker {

    private static final System.Logger LOG = System.getLogger("io.loomicorn.worker");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long {@link Engine#closeAll()} may take to close the last connections. */
    private static final long CLOSE_ALL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WorkerContext context;
    private final Engine engine;
    private final long beatNanos;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long graceEnd = Long.MAX_VALUE;
    private volatile boolean graceSet;

    /**
     * Creates the base of a worker and its engine.
     *
     * @param context the worker's context
     * @param options how the subclass drives connections
     */
    protected WorkerBase(WorkerContext context, EngineOptions options) {
        this.context = context;
        this.engine = context.engine(options);
        this.beatNanos = beatPeriod(context.settings().value("timeout", Integer.class));
    }

    /**
     * The heartbeat cadence: half the timeout, between 100 ms and 1 s.
     *
     * @param timeoutSeconds the {@code timeout} setting (0 = none)
     * @return the period in nanoseconds
     */
    public static long beatPeriod(int timeoutSeconds) {
        long millis = timeoutSeconds <= 0 ? 1000 : Math.max(100, Math.min(1000, timeoutSeconds * 1000L / 2));
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Returns the worker's context. */
    protected final WorkerContext context() {
        return context;
    }

    /** Returns the engine. */
    protected final Engine engine() {
        return engine;
    }

    /** Returns the heartbeat period in nanoseconds. */
    protected final long beatNanos() {
        return beatNanos;
    }

    /** Tells whether shutdown has begun: accept loops end when they see it. */
    protected final boolean isStopping() {
        return stopping;
    }

    /**
     * Starts accepting on every listener of {@link WorkerContext#listeners()} and returns:
     * the accept loops run on threads of the subclass.
     *
     * @throws Exception if serving cannot start; the worker exits with an error
     */
    protected abstract void startAccepting() throws Exception;

    /**
     * Stops taking new connections; returns once no accept loop will take one more.
     * Called once, on the thread that calls {@link #shutdown}.
     */
    protected abstract void stopAccepting();

    /**
     * Serves a connection that {@link #acceptQueued()} accepted (blocking subclasses);
     * the engine answers its one request with {@code Connection: close} since it drains.
     * The default refuses: a subclass that does not override it overrides
     * {@link #acceptQueued()}.
     *
     * @param channel  the accepted channel, in blocking mode
     * @param listener the listener it came from
     */
    protected void serveQueued(SocketChannel channel, Listener listener) {
        throw new UnsupportedOperationException(getClass().getName() + " must override serveQueued or acceptQueued");
    }

    /**
     * Accepts every connection already queued on the listeners, without waiting for new
     * ones, and serves each; called once after {@link #stopAccepting()}, before the
     * listeners are closed. The default first accepts, non-blocking, what each
     * {@link ServerSocketChannel} holds, then hands each connection to {@link #serveQueued}:
     * connections that arrive meanwhile are left to the other workers. (Serving while
     * accepting never ended under a steady stream of new connections on {@code sync}, which
     * serves each one before it accepts the next: a worker stopped by HUP kept serving the
     * old certificate for the whole grace period, TlsRenewalIT.)
     */
    protected void acceptQueued() {
        List<Map.Entry<SocketChannel, Listener>> queued = new ArrayList<>();
        for (Listener listener : context.listeners()) {
            ServerSocketChannel server = listener.channel();
            try {
                server.configureBlocking(false);
                SocketChannel channel;
                while ((channel = server.accept()) != null) {
                    queued.add(Map.entry(channel, listener));
                }
            } catch (ClosedChannelException e) {
                // closed already: nothing queued here is ours
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "accepting the queued connections of {0} failed: {1}",
                        listener.display(), e.toString());
            }
        }
        for (Map.Entry<SocketChannel, Listener> q : queued) {
            try {
                q.getKey().configureBlocking(true);
                serveQueued(q.getKey(), q.getValue());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "a queued connection of {0} failed: {1}",
                        q.getValue().display(), e.toString());
                try {
                    q.getKey().close();
                } catch (IOException ignored) {
                    // the client sees the close
                }
            }
        }
    }

    /**
     * Tells whether the worker can serve, checked before each heartbeat. The default is
     * {@code true}; an event loop that stopped turning, or a scheduler whose threads are
     * all stuck, should say {@code false}.
     */
    protected boolean healthy() {
        return true;
    }

    /** Releases what the subclass holds (threads, selectors); called once, at the end of {@link #run()}. */
    protected void stopped() {
    }

    /**
     * Decides what an accept loop does after a failed {@code accept}: {@code false} when
     * the listener was closed (the loop ends), else {@code true} after logging, and after a
     * short pause when the process is out of file descriptors or memory, so that a loop
     * does not spin while the condition lasts.
     *
     * @param e the failure
     * @return whether the accept loop should go on
     */
    protected final boolean acceptFailed(IOException e) {
        if (e instanceof ClosedChannelException || stopping) {
            return false;
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Too many open files") || message.contains("Cannot allocate memory")
                || message.contains("No buffer space")) {
            LOG.log(System.Logger.Level.ERROR, "accept failed: {0}; pausing 100 ms", message);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        } else {
            LOG.log(System.Logger.Level.DEBUG, "accept failed: {0}", e.toString());
        }
        return true;
    }

    @Override
    public final void run() throws Exception {
        Thread beat = Thread.ofPlatform().daemon().name("loomicorn-heartbeat").start(this::beat);
        try {
            startAccepting();
            stop.await();
            stopAccepting();
            engine.drain();
            if (System.nanoTime() - graceEnd < 0) {
                acceptQueued();
            }
            closeListeners();
            awaitDrained();
        } finally {
            beat.interrupt();
            stopped();
        }
    }

    @Override
    public final void shutdown(Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        synchronized (this) {
            if (!graceSet || end - graceEnd < 0) {
                graceEnd = end;
                graceSet = true;
            }
            if (stopping) {
                if (grace.isZero()) {
                    engine.closeAll();
                }
                return;
            }
            stopping = true;
        }
        // The grace period ends on its own timer, even while the main thread is still busy
        // serving the accept queue (a sync worker serves it on that thread).
        Thread.ofPlatform().daemon().name("loomicorn-grace").start(this::closeAtGraceEnd);
        stop.countDown();
    }

    /** Waits for the end of the grace period (which a later shutdown may shorten), then closes every connection. */
    private void closeAtGraceEnd() {
        long left;
        while ((left = graceEnd - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, POLL_NANOS * 5));
        }
        engine.closeAll();
    }

    private void closeListeners() {
        for (Listener l : context.listeners()) {
            try {
                l.channel().close(); // this process's copy only; the master keeps the socket
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing {0} failed: {1}", l.display(), e.toString());
            }
        }
    }

    /** Waits until every connection closed; the grace timer closes what is left at its end. */
    private void awaitDrained() {
        while (engine.openConnections() > 0) {
            if (System.nanoTime() - graceEnd - CLOSE_ALL_NANOS > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0} connections did not close after the grace period",
                        engine.openConnections());
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private void beat() {
        while (!Thread.currentThread().isInterrupted()) {
            if (healthy()) {
                context.heartbeat();
            }
            LockSupport.parkNanos(beatNanos);
        }
    }
}
