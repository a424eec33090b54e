package io.loomicorn.worker.reactor;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the watchdog knows about one XNIO I/O thread: when its loop last ran a tick task,
 * and which connection's application, if any, runs on it right now.
 *
 * <p>The loop is healthy when its tick is fresh, or when it is inside an application call
 * whose request deadline has not passed yet (plus {@link #INTERRUPT_ALLOWANCE_NANOS} for the
 * interrupt to take effect). A loop stuck beyond that stops the heartbeat, and the master
 * kills the worker after {@code timeout}, with a thread dump that shows where.
 *
 * <p>Interrupts: a timed-out inline request is interrupted on its I/O thread, which is
 * the event loop itself, so the interrupt must never outlive the call (it would make
 * every later {@code select} return at once). {@link #interruptApp} and {@link #leaveApp}
 * hand the call over with compare-and-set: the watchdog interrupts only the call it saw,
 * and the loop clears the flag after any call the watchdog interrupted.
 */
final class LoopState {

    /** The size of the direct buffer that small responses are gathered in before one write. */
    static final int STAGING_BYTES = 16 * 1024;

    /** How long past a request's deadline an inline call still counts as alive. */
    static final long INTERRUPT_ALLOWANCE_NANOS = 1_000_000_000L;

    private static final Object INTERRUPTING = new Object();
    private static final Object INTERRUPTED = new Object();

    private final Thread thread;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private final AtomicReference<Object> app = new AtomicReference<>();
    private volatile long appDeadline;
    private volatile long lastTick = System.nanoTime();

    /**
     * @param thread the I/O thread
     */
    LoopState(Thread thread) {
        this.thread = thread;
    }

    /** Returns the I/O thread. */
    Thread thread() {
        return thread;
    }

    /** Returns the direct buffer for gathering writes; used on the I/O thread only. */
    ByteBuffer staging() {
        return staging;
    }

    /** Records that the loop ran; a task scheduled at an interval on the I/O thread. */
    void tick() {
        lastTick = System.nanoTime();
    }

    /**
     * Marks the start of an application call on this I/O thread (I/O thread).
     *
     * @param connection the connection whose request runs
     * @param deadline   the request's deadline ({@link System#nanoTime()}), or
     *                   {@link ReactorConnection#NEVER}
     */
    void enterApp(ReactorConnection connection, long deadline) {
        appDeadline = deadline;
        app.set(connection);
    }

    /**
     * Marks the end of the call and clears a timeout's interrupt (I/O thread).
     *
     * @param connection the connection passed to {@link #enterApp}
     */
    void leaveApp(ReactorConnection connection) {
        if (!app.compareAndSet(connection, null)) {
            while (app.get() == INTERRUPTING) {
                Thread.onSpinWait();
            }
            app.set(null);
        }
        Thread.interrupted();
    }

    /**
     * Interrupts the I/O thread if {@code connection}'s application still runs on it
     * (watchdog thread).
     *
     * @param connection the timed-out connection
     * @return whether the thread was interrupted
     */
    boolean interruptApp(ReactorConnection connection) {
        if (!app.compareAndSet(connection, INTERRUPTING)) {
            return false;
        }
        thread.interrupt();
        app.set(INTERRUPTED);
        return true;
    }

    /**
     * Tells whether the loop is healthy.
     *
     * @param now        {@link System#nanoTime()}
     * @param staleNanos how old a tick may be
     * @return whether the heartbeat may go on
     */
    boolean alive(long now, long staleNanos) {
        if (now - lastTick < staleNanos) {
            return true;
        }
        if (app.get() == null) {
            return false;
        }
        long d = appDeadline;
        return d >= ReactorConnection.NEVER || now - (d + INTERRUPT_ALLOWANCE_NANOS) < 0;
    }
}
