package io.loomicorn.worker.reactor;

import io.loomicorn.logging.ServerLog;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The reactor's one platform thread besides XNIO's: it enforces connection deadlines and
 * decides the heartbeat.
 *
 * <h2>Deadlines</h2>
 * Every connection keeps one deadline in a volatile field (header timeout, keep-alive
 * idle, request timeout, lingering close). The watchdog scans them ten times a second, as
 * the blocking engine's watchdog does; a scan reads one field per connection. Why a scan
 * and not XNIO's {@code executeAfter} timers: a timer runs on the connection's own I/O
 * thread, and an application running inline there would keep its own timeout from
 * firing. The watchdog thread can still answer 503 and interrupt it. A scan also costs
 * nothing per request (no timer to create and cancel).
 *
 * <h2>Heartbeat</h2>
 * Each I/O thread runs a tick task at an interval ({@code executeAtInterval}); the
 * watchdog beats only while every loop is {@link LoopState#alive alive}. If a loop is
 * stuck (an application that ignores its timeout's interrupt, a deadlock), the heartbeat
 * stops and the master kills the worker after {@code timeout} seconds.
 */
final class ReactorWatchdog {

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Set<ReactorConnection> connections;
    private final List<LoopState> loops;
    private final Runnable heartbeat;
    private final long staleNanos;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param connections the live connections
     * @param loops       the I/O threads
     * @param heartbeat   tells the master this worker is alive
     * @param tickNanos   the interval of the loops' tick tasks
     */
    ReactorWatchdog(Set<ReactorConnection> connections, List<LoopState> loops, Runnable heartbeat, long tickNanos) {
        this.connections = connections;
        this.loops = loops;
        this.heartbeat = heartbeat;
        this.staleNanos = 2 * tickNanos + PERIOD_NANOS;
    }

    /** Starts the thread. */
    synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().daemon().name("loomicorn-reactor-watchdog").start(this::scan);
        }
    }

    /** Stops the thread. */
    synchronized void stop() {
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
            for (ReactorConnection c : connections) {
                if (now - c.deadline() > 0) {
                    try {
                        c.expire();
                    } catch (RuntimeException e) {
                        ServerLog.ERROR.error("Expiring a connection failed", e);
                    }
                }
            }
            if (loopsAlive(now)) {
                heartbeat.run();
            }
        }
    }

    private boolean loopsAlive(long now) {
        for (LoopState loop : loops) {
            if (!loop.alive(now, staleNanos)) {
                return false;
            }
        }
        return true;
    }
}
