package io.loomicorn.worker.vthread;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Lends the virtual-thread scheduler a carrier while CPU-bound requests hold the ones it
 * has, so that a cheap request (a health check) is not stuck behind them.
 *
 * <p>Virtual threads are not time-sliced: with one carrier, a request that computes for
 * five seconds makes every other request of the worker wait five seconds (measured: a health
 * check waited 4.3 s). gevent has the same flaw; processes give the parallelism. More
 * carriers all the time cost CPU on every request (about 25% more per plaintext request
 * with two, measured), so the governor adds them only while they are needed:
 * <ul>
 *   <li>every {@value #PROBE_MILLIS} ms in which no request finished, a platform thread wakes
 *       a probe virtual thread and measures how long it waits for a carrier (while requests
 *       finish, the carriers make progress and there is nothing to probe);</li>
 *   <li>a wait over {@value #STARVED_MILLIS} ms <em>during which no request finished and
 *       the process computed</em> (its CPU time grew by at least half the wait) means every
 *       carrier is held by work that does not yield: one carrier is added, up to
 *       {@code max};</li>
 *   <li>after {@value #CALM_MILLIS} ms without such a wait, one is taken away again, down to
 *       the {@code threads} setting; the scheduler retires idle carriers by itself;</li>
 *   <li>with no connection open there is no request to starve: the governor looks again
 *       every {@value #IDLE_MILLIS} ms without waking the probe (the probing cost an idle
 *       worker about 1% of a core: 21 of the worker's 24 CPU ticks in 20 s).</li>
 * </ul>
 * The wait alone is not enough: under plaintext load on a busy machine the probe waited
 * over 25 ms about every 2 s (the process was off the CPU, or the carrier served its own
 * queue first) although requests kept finishing by the thousand, and the lent carrier then
 * cost about 20% more CPU per request (measured with {@code benchmarks/ab-builds}). A
 * scheduler whose requests keep finishing is busy, not stuck. Nor is the finished count
 * enough on a loaded machine: when the kernel takes the CPU from the whole process for
 * 25 ms, nothing finishes either, and with other builds running the governor lent a carrier
 * every 5 s under plaintext load (6 in 35 s). A carrier held by a CPU-bound request burns
 * CPU while the probe waits; a process that is off the CPU does not. (A carrier blocked in a
 * native call burns none either and gets no help: the governor is for computing requests.)
 *
 * <p>The JDK has no public handle on the default scheduler: its {@code ForkJoinPool} is
 * read from {@code java.lang.VirtualThread.DEFAULT_SCHEDULER}, which needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} ({@link VThreadWorkerFactory} puts it
 * on the worker's command line). If a future JDK changes that, {@link #start} says so once
 * and the worker runs with a fixed number of carriers; {@code CarrierGovernorTest} fails
 * loudly first.
 */
final class CarrierGovernor {

    static final long PROBE_MILLIS = 10;
    static final long STARVED_MILLIS = 25;
    static final long CALM_MILLIS = 2000;
    static final long IDLE_MILLIS = 100;

    private static final System.Logger LOG = System.getLogger("io.loomicorn.worker.vthread");

    private final ForkJoinPool scheduler;
    private final int base;
    private final int max;
    private final LongSupplier finished;
    private final IntSupplier connections;
    private final LongSupplier cpuNanos;
    private volatile boolean running = true;
    private volatile long probeRan;
    private Thread monitor;
    private Thread probe;

    private CarrierGovernor(ForkJoinPool scheduler, int base, int max, LongSupplier finished,
                            IntSupplier connections, LongSupplier cpuNanos) {
        this.scheduler = scheduler;
        this.base = base;
        this.max = max;
        this.finished = finished;
        this.connections = connections;
        this.cpuNanos = cpuNanos;
    }

    /**
     * Starts governing the default scheduler, or returns null when there is nothing to
     * govern ({@code max <= base}) or the JDK does not let it.
     *
     * @param base     the carriers to keep ({@code threads})
     * @param max      the most carriers to lend up to
     * @param finished    the requests finished so far (a count that moves while carriers make progress)
     * @param connections the connections open now
     * @return the running governor, or null
     */
    static CarrierGovernor start(int base, int max, LongSupplier finished, IntSupplier connections) {
        return start(base, max, finished, connections, null);
    }

    /**
     * Starts governing with a given source of the process's CPU time (tests pass one that
     * stands still, as for a process that is off the CPU).
     *
     * @param base        the carriers to keep ({@code threads})
     * @param max         the most carriers to lend up to
     * @param finished    the requests finished so far
     * @param connections the connections open now
     * @param cpuNanos the CPU time of the process, in nanoseconds; null for the JVM's own,
     *                 looked up on the governor's thread (off the worker's boot path)
     * @return the running governor, or null
     */
    static CarrierGovernor start(int base, int max, LongSupplier finished, IntSupplier connections,
                                 LongSupplier cpuNanos) {
        if (max <= base) {
            return null;
        }
        ForkJoinPool scheduler = defaultScheduler();
        if (scheduler == null) {
            return null;
        }
        CarrierGovernor g = new CarrierGovernor(scheduler, base, max, finished, connections, cpuNanos);
        g.probe = Thread.ofVirtual().name("loomicorn-carrier-probe").start(g::probe);
        g.monitor = Thread.ofPlatform().daemon().name("loomicorn-carrier-governor").start(g::govern);
        return g;
    }

    /** Returns the virtual threads' scheduler, or null if this JDK hides it. */
    static ForkJoinPool defaultScheduler() {
        try {
            Field f = Class.forName("java.lang.VirtualThread").getDeclaredField("DEFAULT_SCHEDULER");
            f.setAccessible(true);
            return (ForkJoinPool) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "vthread: cannot reach the virtual-thread scheduler ({0}); "
                    + "CPU-bound requests can delay others (threads carriers, no more)", e.toString());
            return null;
        }
    }

    /** The CPU time of this process (every thread), or a clock that stands still if the JDK hides it. */
    private static LongSupplier processCpuTime() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            return os::getProcessCpuTime;
        }
        LOG.log(System.Logger.Level.WARNING, "vthread: this JVM does not report its CPU time; "
                + "CPU-bound requests can delay others (threads carriers, no more)");
        return () -> 0;
    }

    /** Returns the scheduler's current target of carriers. */
    int carriers() {
        return scheduler.getParallelism();
    }

    void stop() {
        running = false;
        if (monitor != null) {
            monitor.interrupt();
        }
        if (probe != null) {
            probe.interrupt();
        }
    }

    private void probe() {
        while (running) {
            LockSupport.park();
            if (Thread.interrupted()) {
                return;
            }
            probeRan = System.nanoTime();
            LockSupport.unpark(monitor);
        }
    }

    private void govern() {
        LongSupplier cpuNanos = this.cpuNanos != null ? this.cpuNanos : processCpuTime();
        long starved = TimeUnit.MILLISECONDS.toNanos(STARVED_MILLIS);
        long lastStarved = System.nanoTime();
        long lastDone = finished.getAsLong();
        while (running) {
            if (connections.getAsInt() == 0) {
                lastStarved = calmDown(lastStarved);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                continue;
            }
            long done = finished.getAsLong();
            if (done != lastDone) {
                // Requests finished since the last look: the carriers make progress, and a
                // probe could only agree. Under load this is every look, and the probe's
                // wake-ups (a platform and a virtual thread, 100 a second) cost 0.6% of the
                // worker's CPU in a plaintext profile.
                lastDone = done;
                lastStarved = calmDown(lastStarved);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS));
                continue;
            }
            long before = probeRan;
            long cpu = cpuNanos.getAsLong();
            long sent = System.nanoTime();
            LockSupport.unpark(probe);
            // The probe unparks this thread when it got a carrier.
            while (probeRan == before && System.nanoTime() - sent < starved) {
                LockSupport.parkNanos(starved);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
            long now = System.nanoTime();
            int current = scheduler.getParallelism();
            boolean computed = cpuNanos.getAsLong() - cpu >= (now - sent) / 2;
            if (probeRan == before && finished.getAsLong() == done && computed) {
                lastStarved = now;
                if (current < max) {
                    scheduler.setParallelism(current + 1);
                    // A new carrier starts only when work is pushed: push some, so that it
                    // starts now and takes the virtual threads that wait.
                    scheduler.execute(() -> { });
                    LOG.log(System.Logger.Level.DEBUG, "vthread: every carrier computed for {0} ms with no request "
                            + "finished; {1} carriers now", TimeUnit.NANOSECONDS.toMillis(now - sent), current + 1);
                }
            } else {
                lastStarved = calmDown(lastStarved);
            }
            lastDone = finished.getAsLong();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS));
        }
    }

    /**
     * Takes one lent carrier back if the last starvation is a calm period ago.
     *
     * @return the time the next calm period counts from
     */
    private long calmDown(long lastStarved) {
        int current = scheduler.getParallelism();
        long now = System.nanoTime();
        if (current > base && now - lastStarved > TimeUnit.MILLISECONDS.toNanos(CALM_MILLIS)) {
            scheduler.setParallelism(current - 1);
            return now; // one carrier back per calm period
        }
        return lastStarved;
    }
}
