package io.loomicorn.worker.reactor;

import io.loomicorn.spi.Connection;

import java.nio.ByteBuffer;

/**
 * What the heartbeat knows about one XNIO I/O thread: when its loop last ran a tick task,
 * and which connection's request, if any, runs inline on it right now.
 *
 * <p>The loop is healthy when its tick is fresh, or when it is inside a request whose
 * deadline has not passed (the engine gives a timed-out request a second to return after
 * its interrupt). A loop stuck beyond that stops the heartbeat, and the master kills the
 * worker after {@code timeout}, with a thread dump that shows where.
 */
final class LoopState {

    /** The size of the direct buffer that small responses are gathered in before one write. */
    static final int STAGING_BYTES = 16 * 1024;

    private final Thread thread;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private volatile Connection inline;
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
     * Marks the start of a request running inline on this I/O thread.
     *
     * @param connection the connection whose request runs
     */
    void enterApp(Connection connection) {
        inline = connection;
    }

    /** Marks the end of the inline request. */
    void leaveApp() {
        inline = null;
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
        Connection c = inline;
        return c != null && now - c.deadline() < 0;
    }
}
