package io.loomicorn.metrics;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One worker's metrics memory, shared by the worker (which counts) and the master (which
 * reads), laid out by {@link MetricsLayout}.
 *
 * <p>The master creates the memory with the heartbeat's (one {@code memfd}, this part from
 * {@link #OFFSET}) and passes it to the worker, which maps the same pages. Counting is one
 * atomic add on a slot: lock-free, and no library on the request path. The master reads
 * slot by slot without stopping the worker, so one reading may see one request in one slot
 * and not yet in another; each slot on its own only grows.
 */
public final class WorkerMetrics implements AutoCloseable {

    /** Where the metrics start in the shared memory: the page after the heartbeat's. */
    public static final long OFFSET = 4096;
    /** The size of the shared memory that holds the heartbeat and the metrics. */
    public static final long SHARED_BYTES = OFFSET + MetricsLayout.BYTES;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int RING_MASK = MetricsLayout.RING_SIZE - 1;

    private final Arena arena;
    private final MemorySegment memory;

    private WorkerMetrics(Arena arena, MemorySegment memory) {
        this.arena = arena;
        this.memory = memory;
    }

    /**
     * Maps the metrics part of the shared memory behind a descriptor of this process.
     *
     * @param fd an open descriptor of the heartbeat and metrics memory
     * @return the mapped metrics
     * @throws IOException if the memory cannot be mapped
     */
    public static WorkerMetrics map(int fd) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new WorkerMetrics(arena, ch.map(FileChannel.MapMode.READ_WRITE, OFFSET, MetricsLayout.BYTES, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Metrics in this process's own memory: for tests, and for a process that has no master.
     *
     * @return zeroed metrics
     */
    public static WorkerMetrics inMemory() {
        Arena arena = Arena.ofShared();
        return new WorkerMetrics(arena, arena.allocate(MetricsLayout.BYTES, 8));
    }

    // ------------------------------------------------------------------ the worker's side

    /**
     * Adds to a slot; any thread.
     *
     * @param slot  a slot of {@link MetricsLayout}
     * @param delta the amount, negative for a gauge going down
     */
    void add(int slot, long delta) {
        LONG.getAndAdd(memory, slot * 8L, delta);
    }

    /**
     * Sets a gauge; any thread.
     *
     * @param slot  a gauge slot of {@link MetricsLayout}
     * @param value the value
     */
    void set(int slot, long value) {
        LONG.setRelease(memory, slot * 8L, value);
    }

    /**
     * Records a request's duration in the ring that statsd's timer reads.
     *
     * @param micros the duration in microseconds
     */
    void recordDuration(long micros) {
        long sequence = (long) LONG.getAndAdd(memory, MetricsLayout.RING_SEQUENCE * 8L, 1L);
        INT.setRelease(memory, MetricsLayout.RING_OFFSET + (sequence & RING_MASK) * 4L,
                (int) Math.min(Integer.MAX_VALUE, micros));
    }

    // ------------------------------------------------------------------ the master's side

    /**
     * Reads one slot.
     *
     * @param slot a slot of {@link MetricsLayout}
     * @return its value
     */
    public long get(int slot) {
        return (long) LONG.getAcquire(memory, slot * 8L);
    }

    /**
     * Reads every counter and gauge.
     *
     * @return {@link MetricsLayout#SLOTS} values
     */
    public long[] read() {
        long[] values = new long[MetricsLayout.SLOTS];
        for (int i = 0; i < values.length; i++) {
            values[i] = get(i);
        }
        return values;
    }

    /** Returns how many durations were ever written to the ring. */
    public long durationSequence() {
        return get(MetricsLayout.RING_SEQUENCE);
    }

    /**
     * Reads a duration from the ring.
     *
     * @param sequence its sequence number; valid while fewer than {@link MetricsLayout#RING_SIZE}
     *                 durations were written after it
     * @return the duration in microseconds
     */
    public int duration(long sequence) {
        return (int) INT.getAcquire(memory, MetricsLayout.RING_OFFSET + (sequence & RING_MASK) * 4L);
    }

    /** Unmaps the memory. */
    @Override
    public void close() {
        arena.close();
    }
}
