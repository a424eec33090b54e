package io.loomicorn.engine;

import io.loomicorn.logging.ServerLog;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the deadlines of blocking connections: idle keep-alive, slow request heads
 * and per-request timeouts. Blocking channels have no read timeout, so a single
 * platform thread scans the open connections a few times a second and expires those
 * past their deadline; expiring closes the channel, which wakes the blocked thread.
 *
 * <p>A scan reads one volatile field per connection, so even 10,000 connections cost
 * microseconds per scan.
 */
public final class ConnectionWatchdog {

    /** A connection with a deadline. */
    public interface Watched {

        /** Returns the {@link System#nanoTime()} after which the connection expires. */
        long deadline();

        /**
         * Acts on an expired deadline; called on the watchdog thread. The connection's own
         * thread may have moved on since the watchdog read {@code due}: the connection acts
         * only if {@code due} is still its deadline, and claims it atomically before it times
         * out or closes anything.
         *
         * @param due the deadline the watchdog read and found passed
         */
        void expire(long due);
    }

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The connections to scan: the engine's set of open connections, which it adds to and removes from. */
    private final Iterable<? extends Watched> watched;
    private volatile boolean running;
    private Thread thread;

    /**
     * Creates a watchdog over a set that its owner keeps: one set of open connections per
     * worker, not a second copy here (a set entry is about 40 bytes per connection).
     *
     * @param watched the connections, a concurrent set whose iteration tolerates changes
     */
    public ConnectionWatchdog(Iterable<? extends Watched> watched) {
        this.watched = watched;
    }

    /** Starts the scanning thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("loomicorn-watchdog").start(this::scan);
    }

    /** Stops the scanning thread. */
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread = null;
        }
    }

    private void scan() {
        while (running) {
            LockSupport.parkNanos(PERIOD_NANOS);
            long now = System.nanoTime();
            for (Watched w : watched) {
                long due = w.deadline();
                if (now - due > 0) {
                    try {
                        w.expire(due);
                    } catch (RuntimeException e) {
                        ServerLog.ERROR.error("Expiring a connection failed", e);
                    }
                }
            }
        }
    }
}
