package io.loomicorn.engine;

import io.loomicorn.logging.ServerLog;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the deadlines of blocking connections: idle keep-alive, slow request heads
 * and per-request timeouts. Blocking channels have no read timeout, so a single
 * platform thread scans the live connections a few times a second and expires those
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

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread thread;

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

    /**
     * Watches a connection until {@link #remove}.
     *
     * @param w the connection
     */
    public void add(Watched w) {
        watched.add(w);
    }

    /**
     * Stops watching a connection.
     *
     * @param w the connection
     */
    public void remove(Watched w) {
        watched.remove(w);
    }

    /** Returns the connections being watched. */
    public Set<Watched> connections() {
        return watched;
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
