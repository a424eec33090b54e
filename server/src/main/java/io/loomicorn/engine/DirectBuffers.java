package io.loomicorn.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The worker's spare direct buffers for large response bodies ({@link ServerResponse}
 * gathers a big Content-Length body in one before it writes). A response borrows one
 * only while it writes such a body; buffers beyond {@code max} spares are left to the
 * collector. Thread-safe; a short lock.
 */
final class DirectBuffers {

    private final int size;
    private final int max;
    private final ArrayDeque<ByteBuffer> free;

    /**
     * @param size the capacity of each buffer
     * @param max  how many spare buffers to keep at most
     */
    DirectBuffers(int size, int max) {
        this.size = size;
        this.max = max;
        this.free = new ArrayDeque<>(Math.min(max, 16));
    }

    /** Returns an empty buffer in write mode. */
    ByteBuffer take() {
        ByteBuffer b;
        synchronized (free) {
            b = free.pollLast();
        }
        return b != null ? b.clear() : ByteBuffer.allocateDirect(size);
    }

    /** Gives back a buffer whose contents are no longer needed. */
    void give(ByteBuffer b) {
        synchronized (free) {
            if (free.size() < max) {
                free.addLast(b.clear());
            }
        }
    }
}
