package io.loomicorn.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The master's book of every worker's metrics, live and gone.
 *
 * <p>A live worker's counters are read from its shared memory when asked. When a worker
 * exits, its last values are added to a running total before its memory is released, so
 * a sum over the total and the live workers never goes down: not when {@code max_requests}
 * recycles a worker, not on HUP, not when a worker crashes (what it had counted up to its
 * last request stays). Gauges count only live workers.
 *
 * <p>The ledger also keeps what the master itself counts: worker boots and their durations,
 * exits by cause, and the master's own error-log messages. All methods are thread-safe: the
 * arbiter writes, scrapes read.
 */
public final class MetricsLedger {

    /** Upper bounds of the boot-duration histogram, in seconds; +Inf follows. */
    public static final double[] BOOT_BOUNDS = {0.25, 0.5, 1, 2, 5, 10, 30, 60};

    private final long[] retired = new long[MetricsLayout.COUNTERS];
    private final Map<Long, LiveWorker> live = new LinkedHashMap<>();
    private final long[] masterLog = new long[MetricsLayout.LOG_LEVELS.size()];
    private final long[] exits = new long[ExitCause.values().length];
    private final long[] bootBuckets = new long[BOOT_BOUNDS.length + 1];
    private long bootNanosSum;
    private long boots;
    private boolean collectDurations;
    private int[] orphanDurations = new int[0];
    private int orphanCount;

    private static final class LiveWorker {
        final WorkerMetrics memory;
        /** The duration ring's sequence up to which samples were handed out. */
        long drained;
        /** The sequence seen at the previous drain: samples below it are surely written. */
        long seen;

        LiveWorker(WorkerMetrics memory) {
            this.memory = memory;
            this.drained = memory.durationSequence();
            this.seen = drained;
        }
    }

    /**
     * A reading of every counter and gauge.
     *
     * @param counters  per {@link MetricsLayout} slot: the retired total plus the live workers
     *                  (counter slots), or the live workers' sum (gauge slots)
     * @param log       error-log messages by level, workers and master together
     * @param boots     workers that booted
     * @param exits     worker exits, indexed by {@link ExitCause#ordinal()}
     * @param bootBuckets boot durations per bucket of {@link #BOOT_BOUNDS} (not cumulative; the last is +Inf)
     * @param bootSeconds the sum of boot durations
     */
    public record Totals(long[] counters, long[] log, long boots, long[] exits, long[] bootBuckets, double bootSeconds) {

        /** Returns one slot's value. */
        public long get(int slot) {
            return counters[slot];
        }
    }

    /**
     * A worker started: its memory is read from now on.
     *
     * @param pid    its pid
     * @param memory its metrics memory
     */
    public synchronized void started(long pid, WorkerMetrics memory) {
        live.put(pid, new LiveWorker(memory));
    }

    /**
     * A worker booted.
     *
     * @param nanos how long from its start
     */
    public synchronized void booted(long nanos) {
        boots++;
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOOT_BOUNDS.length && seconds > BOOT_BOUNDS[i]) {
            i++;
        }
        bootBuckets[i]++;
        bootNanosSum += nanos;
    }

    /**
     * A worker exited: its last counter values join the running total, and its memory is
     * no longer read (the caller releases it afterwards).
     *
     * @param pid   its pid
     * @param cause why it exited
     */
    public synchronized void exited(long pid, ExitCause cause) {
        exits[cause.ordinal()]++;
        LiveWorker w = live.remove(pid);
        if (w == null) {
            return;
        }
        for (int slot = 0; slot < MetricsLayout.COUNTERS; slot++) {
            retired[slot] += w.memory.get(slot);
        }
        if (collectDurations) {
            // The process is gone: every sample it wrote is complete.
            long end = w.memory.durationSequence();
            for (long s = Math.max(w.drained, end - MetricsLayout.RING_SIZE); s < end; s++) {
                keepOrphan(w.memory.duration(s));
            }
        }
    }

    private void keepOrphan(int micros) {
        if (orphanCount == orphanDurations.length) {
            if (orphanCount >= 4 * MetricsLayout.RING_SIZE) {
                return; // statsd is far behind; samples are dropped, the counters stay exact
            }
            orphanDurations = Arrays.copyOf(orphanDurations, Math.max(1024, orphanCount * 2));
        }
        orphanDurations[orphanCount++] = micros;
    }

    /**
     * Counts one of the master's own error-log messages.
     *
     * @param level an index into {@link MetricsLayout#LOG_LEVELS}
     */
    public synchronized void logged(int level) {
        masterLog[level]++;
    }

    /** Reads every counter and gauge: the running total plus the live workers. */
    public synchronized Totals totals() {
        long[] sums = new long[MetricsLayout.SLOTS];
        System.arraycopy(retired, 0, sums, 0, retired.length);
        for (LiveWorker w : live.values()) {
            for (int slot = 0; slot < MetricsLayout.SLOTS; slot++) {
                sums[slot] += w.memory.get(slot);
            }
        }
        long[] log = new long[masterLog.length];
        for (int i = 0; i < log.length; i++) {
            log[i] = masterLog[i] + sums[MetricsLayout.LOG + i];
        }
        return new Totals(sums, log, boots, exits.clone(), bootBuckets.clone(), bootNanosSum / 1e9);
    }

    /**
     * Reads one live worker's counters and gauges.
     *
     * @param pid its pid
     * @return its values by {@link MetricsLayout} slot, or null when it is not live
     */
    public synchronized long[] worker(long pid) {
        LiveWorker w = live.get(pid);
        return w == null ? null : w.memory.read();
    }

    /**
     * Hands out the request durations recorded since the last call (statsd's timer). The
     * first call turns their collection on. A sample is handed out one call after it was
     * counted, so that a worker still writing it has finished; a worker that wrote more
     * than the ring holds in between loses its oldest samples, which {@code lost} counts.
     *
     * @param sample receives each duration, in microseconds
     * @return how many durations were recorded but not handed out (overwritten in the ring)
     */
    public synchronized long drainDurations(IntConsumer sample) {
        collectDurations = true;
        long lost = 0;
        for (int i = 0; i < orphanCount; i++) {
            sample.accept(orphanDurations[i]);
        }
        orphanCount = 0;
        for (LiveWorker w : live.values()) {
            long now = w.memory.durationSequence();
            long from = Math.max(w.drained, now - MetricsLayout.RING_SIZE);
            lost += from - w.drained;
            for (long s = from; s < w.seen; s++) {
                sample.accept(w.memory.duration(s));
            }
            w.drained = Math.max(from, w.seen);
            w.seen = now;
        }
        return lost;
    }
}
