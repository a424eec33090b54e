package io.loomicorn.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.IntFunction;

/**
 * A worker's spare buffers of one size: the input buffers that idle connections give back
 * (an idle keep-alive connection of a worker that reads on readiness holds none), and the
 * direct buffers that large response bodies are gathered in. Reusing them keeps a buffer
 * per request out of the young generation.
 *
 * <p>Thread-safe; a short lock, uncontended on a reactor loop. Buffers beyond {@code max}
 * are left to the collector, so a burst of connections does not pin memory for good.
 */
final class BufferPool {

    private final int size;
    private final int max;
    private final IntFunction<ByteBuffer> allocate;
    private final ArrayDeque<ByteBuffer> free;

    /**
     * @param size     the capacity of each buffer
     * @param max      how many spare buffers to keep at most
     * @param allocate makes a buffer of a capacity ({@code ByteBuffer::allocate} or {@code ::allocateDirect})
     */
    BufferPool(int size, int max, IntFunction<ByteBuffer> allocate) {
        this.size = size;
        this.max = max;
        this.allocate = allocate;
        this.free = new ArrayDeque<>(Math.min(max, 64));
    }

    /** Returns an empty buffer in write mode. */
    ByteBuffer take() {
        ByteBuffer b;
        synchronized (free) {
            b = free.pollLast();
        }
        return b != null ? b : allocate.apply(size);
    }

    /** Gives back a buffer whose contents are no longer needed. */
    void give(ByteBuffer b) {
        synchronized (free) {
            if (free.size() < max) {
                free.addLast(b.clear());
            }
        }
    }

    /** How many spare buffers are kept now (tests). */
    int spare() {
        synchronized (free) {
            return free.size();
        }
    }
}
