package io.loomicorn.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application call of a connection's current exchange, which the watchdog may
 * interrupt once when the request times out.
 *
 * <p>The call may run on an event loop's own thread, where an interrupt must never
 * outlive the call: a pending interrupt would make every later {@code select} return at
 * once. So the interrupt and the end of the call hand over with compare-and-set: the
 * watchdog interrupts only a call that is still running, and the call's thread clears the
 * flag on its way out after any interrupt the watchdog delivered.
 */
final class AppCall {

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Thread thread;

    /** Marks the start of the call on the current thread. */
    void enter() {
        thread = Thread.currentThread();
        state.set(RUNNING);
    }

    /** Marks the end of the call, and clears an interrupt the watchdog delivered; same thread as {@link #enter()}. */
    void leave() {
        if (!state.compareAndSet(RUNNING, IDLE)) {
            while (state.get() == INTERRUPTING) {
                Thread.onSpinWait();
            }
            state.set(IDLE);
            Thread.interrupted();
        }
        thread = null;
    }

    /** Returns the thread running the call, or null between calls. */
    Thread thread() {
        return thread;
    }

    /**
     * Interrupts the call if it still runs (watchdog thread).
     *
     * @return whether it was interrupted
     */
    boolean interrupt() {
        if (!state.compareAndSet(RUNNING, INTERRUPTING)) {
            return false;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        state.set(INTERRUPTED);
        return true;
    }
}
