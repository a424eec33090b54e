package io.loomicorn.worker;

import io.loomicorn.logging.ServerLog;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;

/**
 * Gives the serial collector's old generation the trigger it lacks, so that a worker's heap
 * does not grow without bound under load.
 *
 * <p>Workers run the serial collector with a small initial heap ({@code -Xms8m}). That
 * collector sizes its young generation only at a full collection, and it grows the old
 * generation to take promoted objects rather than collecting it, up to the maximum heap.
 * So with many requests in flight (their objects outlive a 2 MiB young generation) nearly
 * everything is promoted and no full collection ever comes: measured with
 * {@code wrk -c1000 /sleep?ms=10} on one {@code vthread} worker, 550 young collections,
 * none full, old generation 780 MiB after 36 s, and still growing (the maximum heap is
 * the machine's memory divided among the workers). One full collection ends it: it frees
 * the promoted garbage and resizes the young generation to a third of the heap, after
 * which short-lived objects die young (the same run after one: old generation 30 → 44 MiB
 * in 17 s, resident memory flat at 259 MiB).
 *
 * <p>This guard asks for that collection when the old generation grows past a threshold
 * ({@link MemoryPoolMXBean#setUsageThreshold}, which the JVM checks after each collection,
 * so it costs nothing per request), then sets the next threshold to twice what survived,
 * and never below {@link #FLOOR}. It acts only on the serial collector's old generation:
 * a worker that chose another collector in {@code worker_jvm_args} keeps that collector's
 * own policy, and {@code -XX:+DisableExplicitGC} turns the guard off.
 */
final class TenuredGrowthGuard {

    /** Below this much old generation, nothing happens: a booted worker holds ~5 MiB there. */
    static final long FLOOR = 64L << 20;

    private static final String SERIAL_OLD_GENERATION = "Tenured Gen";

    private final MemoryPoolMXBean pool;

    private TenuredGrowthGuard(MemoryPoolMXBean pool) {
        this.pool = pool;
    }

    /**
     * Starts guarding on a short-lived thread of its own, since the management classes take
     * tens of milliseconds to load and the worker should not wait for them.
     */
    static void startInBackground() {
        Thread.ofPlatform().daemon().name("loomicorn-heap-guard").start(() -> {
            try {
                install();
            } catch (RuntimeException e) {
                ServerLog.ERROR.debug("No old generation guard: {}", e.toString());
            }
        });
    }

    /** Installs the guard when the serial collector's old generation is there. */
    static Optional<TenuredGrowthGuard> install() {
        Optional<MemoryPoolMXBean> tenured = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && SERIAL_OLD_GENERATION.equals(p.getName())
                        && p.isUsageThresholdSupported())
                .findFirst();
        if (tenured.isEmpty()) {
            return Optional.empty();
        }
        TenuredGrowthGuard guard = new TenuredGrowthGuard(tenured.get());
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(
                (n, handback) -> guard.onNotification(n), null, null);
        guard.pool.setUsageThreshold(guard.clamp(FLOOR));
        return Optional.of(guard);
    }

    /** Returns the old generation's usage above which the next full collection is asked for. */
    long threshold() {
        return pool.getUsageThreshold();
    }

    /** A threshold may not exceed the pool's maximum (a small {@code -Xmx}). */
    private long clamp(long threshold) {
        long max = pool.getUsage().getMax();
        return max > 0 ? Math.min(threshold, max) : threshold;
    }

    private void onNotification(Notification n) {
        if (!MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType())
                || !pool.getName().equals(MemoryNotificationInfo.from((CompositeData) n.getUserData()).getPoolName())) {
            return;
        }
        long before = pool.getUsage().getUsed();
        System.gc();
        MemoryUsage after = pool.getCollectionUsage();
        long survived = after == null ? pool.getUsage().getUsed() : after.getUsed();
        long next = clamp(Math.max(FLOOR, 2 * survived));
        pool.setUsageThreshold(next);
        ServerLog.ERROR.debug("Old generation at {} MiB after young collections only: full collection, {} MiB"
                + " survived, next at {} MiB", before >> 20, survived >> 20, next >> 20);
    }
}
