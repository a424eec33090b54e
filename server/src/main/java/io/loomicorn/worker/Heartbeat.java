package io.loomicorn.worker;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Eight bytes of shared memory through which a worker tells the master it is alive.
 *
 * <p>The master creates the memory (an in-memory {@code memfd}, or a file under
 * {@code worker_tmp_dir}), maps it, and passes its descriptor to the worker, which maps
 * the same pages. The worker stores a fresh value on every beat; the master notices the
 * value change with its own clock, so the two processes never compare clocks. A beat is
 * one volatile store: cheap enough for every loop iteration.
 */
public final class Heartbeat implements AutoCloseable {

    private static final VarHandle SLOT = ValueLayout.JAVA_LONG.varHandle();

    private final Arena arena;
    private final MemorySegment slot;
    private long beats;

    private Heartbeat(Arena arena, MemorySegment slot) {
        this.arena = arena;
        this.slot = slot;
    }

    /**
     * Maps the heartbeat memory behind a descriptor of this process.
     *
     * @param fd an open descriptor of a file of at least 8 bytes
     * @return the mapped heartbeat
     * @throws IOException if the memory cannot be mapped
     */
    public static Heartbeat map(int fd) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new Heartbeat(arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, 8, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Records a beat. Safe to call from any thread. */
    public void beat() {
        // Racy increments are fine: the master only needs the value to change.
        SLOT.setRelease(slot, 0L, ++beats);
    }

    /** Returns the value last stored by a beat, for the master's comparison. */
    public long read() {
        return (long) SLOT.getAcquire(slot, 0L);
    }

    @Override
    public void close() {
        arena.close();
    }
}
