package io.loomicorn.tls;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The worker's buffers for sealed records, shared by its TLS connections. JSSE seals a
 * record only into room for the largest one ({@code getPacketBufferSize()}, 16,709 bytes
 * in TLS 1.3), and a connection needs that room only while it writes: {@link TlsOutbound}
 * takes a buffer for one write and gives it back once its sink has taken the bytes, so an
 * idle connection holds none and a new one allocates none.
 *
 * <p>Each buffer has room for two of the largest records, so that one wrap loop seals a
 * whole handshake flight (ServerHello, ChangeCipherSpec and the encrypted rest, each a
 * record) into one socket write; with room for one record, each record went out in its
 * own write (3 for the first flight, measured).
 *
 * <p>Thread-safe; a short lock. Spares beyond {@code max} are left to the collector, so a
 * burst of writers does not pin memory for good.
 */
final class RecordBuffers {

    private final int max;
    private final ArrayDeque<ByteBuffer> free;

    /**
     * @param max how many spare buffers to keep at most
     */
    RecordBuffers(int max) {
        this.max = max;
        this.free = new ArrayDeque<>(max);
    }

    /**
     * Returns an empty buffer in write mode with room for two of the largest records.
     *
     * @param packetSize the engine's largest record ({@code SSLSession.getPacketBufferSize()})
     */
    ByteBuffer take(int packetSize) {
        ByteBuffer b;
        synchronized (free) {
            b = free.pollLast();
        }
        return b != null && b.capacity() >= 2 * packetSize ? b.clear() : ByteBuffer.allocate(2 * packetSize);
    }

    /** Gives back a buffer whose bytes were sent or copied. */
    void give(ByteBuffer b) {
        synchronized (free) {
            if (free.size() < max) {
                free.addLast(b);
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
