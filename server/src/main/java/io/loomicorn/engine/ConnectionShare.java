package io.loomicorn.engine;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The open connections of every worker of a master, in memory that all of them map (the
 * master creates it once and hands it to each worker with its listeners): one 8-byte slot
 * per worker slot, each written only by the worker in that slot. An accept loop asks
 * {@link #aboveShare} before it accepts: a worker that holds more than its share leaves the
 * next connection to the others for a moment.
 *
 * <p>Why: every worker waits on the same inherited listener and the kernel wakes them all
 * for each new connection; the worker that is on a CPU at that moment wins, again and
 * again. Opened at once, 50 keep-alive connections went 49/1 on {@code reactor} and up to
 * 50/0 on {@code vthread} (one accept per wakeup, with or without a 50 µs pause after each,
 * still left rounds at 88-92 %).
 *
 * <p>A slot holds its worker's open connections plus one, and zero while no worker there
 * accepts (not yet booted, draining): the share is taken over the slots that accept, so a
 * worker that serves alone while its sibling boots is never above it. A stale slot (a
 * worker that died) counts as a sibling until its replacement writes it.
 */
public final class ConnectionShare {

    /** How many worker slots the memory has room for. */
    public static final int SLOTS = 512;
    /** The size of the shared memory. */
    public static final long BYTES = SLOTS * 8L;
    /** Connections a worker may hold above an even share before it steps back. */
    static final int SLACK = 2;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final ConnectionShare NONE = new ConnectionShare(null, null, 0, 1);

    /** Never closed: accept loops read the memory until the process ends. */
    private final Arena arena;
    private final MemorySegment board;
    private final int slot;
    private final int workers;

    private ConnectionShare(Arena arena, MemorySegment board, int slot, int workers) {
        this.arena = arena;
        this.board = board;
        this.slot = slot;
        this.workers = workers;
    }

    /** No sharing: a worker without siblings, or one started outside a master (tests). */
    public static ConnectionShare none() {
        return NONE;
    }

    /**
     * Maps the master's shared memory.
     *
     * @param fd      its descriptor (the caller closes it)
     * @param slot    this worker's slot; outside {@code [0, SLOTS)} the worker only reads
     * @param workers the {@code workers} setting: how many slots to add up at least
     * @return the share
     * @throws IOException if the memory cannot be mapped
     */
    public static ConnectionShare map(int fd, int slot, int workers) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new ConnectionShare(arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, BYTES, arena), slot,
                    Math.clamp(workers, 1, SLOTS));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** For tests: a share over plain memory, as if mapped. */
    static ConnectionShare inMemory(MemorySegment board, int slot, int workers) {
        return new ConnectionShare(null, board, slot, workers);
    }

    /** Publishes how many connections this worker holds; it accepts. */
    void update(int open) {
        if (board != null && slot >= 0 && slot < SLOTS) {
            LONG.setRelease(board, slot * 8L, open + 1L);
        }
    }

    /** Takes this worker out of the share: it no longer accepts (it drains). */
    void withdraw() {
        if (board != null && slot >= 0 && slot < SLOTS) {
            LONG.setRelease(board, slot * 8L, 0L);
        }
    }

    /**
     * Tells whether a worker holding {@code open} connections holds more than an even share
     * of the connections of the accepting workers among the first
     * {@code max(workers, slot + 1)} slots, plus {@link #SLACK}. Reads a few cache lines; no
     * lock.
     *
     * @param open this worker's open connections
     * @return whether it should leave the next connection to another worker
     */
    boolean aboveShare(int open) {
        if (board == null) {
            return false;
        }
        int slots = Math.min(SLOTS, Math.max(workers, slot + 1));
        int accepting = 0;
        long total = 0;
        for (int i = 0; i < slots; i++) {
            long v = (long) LONG.getAcquire(board, i * 8L);
            if (v > 0) {
                accepting++;
                total += v - 1;
            }
        }
        return accepting > 1 && (long) open * accepting > total + (long) SLACK * accepting;
    }
}
