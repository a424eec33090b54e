package io.loomicorn.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where a response's bytes go: the transport under {@link ServerResponse}. A blocking
 * transport writes through; an event-loop transport may queue, but must bound what it
 * queues (back-pressure toward slow readers).
 */
public interface ResponseChannel {

    /**
     * Writes every remaining byte of the buffers, in order.
     *
     * @param buffers the bytes; consumed by the call
     * @throws IOException if the connection fails or was closed
     */
    void write(ByteBuffer... buffers) throws IOException;

    /**
     * Writes {@code count} bytes of a file, starting at {@code position}, through the
     * kernel where the transport allows it.
     *
     * @param file     an open file
     * @param position the first byte
     * @param count    how many bytes
     * @throws IOException if the file or the connection fails
     */
    void transferFrom(FileChannel file, long position, long count) throws IOException;
}
