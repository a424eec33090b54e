package io.loomicorn.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The worker's spare input buffers. A connection holds its input buffer only while it has
 * input to parse or a request in progress; between requests with nothing buffered it gives
 * the buffer back here, so that an idle keep-alive connection whose worker waits for
 * readiness (reactor) holds none, and takes one again when bytes arrive. Reusing them
 * rather than allocating keeps 8 KiB per request out of the young generation.
 *
 * <p>Thread-safe; a short lock, uncontended on a reactor loop. Buffers beyond {@code max}
 * are left to the collector, so a burst of connections does not pin memory for good.
 */
final class InputBuffers {

    private final int size;
    private final int max;
    private final ArrayDeque<ByteBuffer> free;

    /**
     * @param size the capacity of each buffer
     * @param max  how many spare buffers to keep at most
     */
    InputBuffers(int size, int max) {
        this.size = size;
        this.max = max;
        this.free = new ArrayDeque<>(Math.min(max, 64));
    }

    /** Returns an empty buffer in read mode (nothing to read), ready for {@code compact()}. */
    ByteBuffer take() {
        ByteBuffer b;
        synchronized (free) {
            b = free.pollLast();
        }
        return (b != null ? b : ByteBuffer.allocate(size)).limit(0);
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
