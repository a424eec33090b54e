package io.loomicorn.engine;

import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.ResponseHeadEncoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * What a {@link ServerResponse} needs from its connection: where bytes go, how heads are
 * encoded, and the connection's keep-alive and timeout rules. The connection machine
 * implements it; tests implement it in memory.
 */
interface ResponseContext {

    /**
     * Writes every remaining byte of the buffers, in order.
     *
     * @param buffers the bytes; consumed by the call
     * @throws IOException if the connection fails or was closed
     */
    void write(ByteBuffer... buffers) throws IOException;

    /**
     * Writes the last bytes of the connection: a whole response after which it closes,
     * with nothing left to read. A TLS connection seals its {@code close_notify} behind
     * them, in the same socket write.
     *
     * @param buffers the bytes; consumed by the call
     * @throws IOException if the connection fails or was closed
     */
    default void writeLast(ByteBuffer... buffers) throws IOException {
        write(buffers);
    }

    /**
     * Writes part of a file, through the kernel where the transport allows it.
     *
     * @param file     an open file
     * @param position the first byte
     * @param count    how many bytes
     * @throws IOException if the file or the connection fails
     */
    void transferFrom(FileChannel file, long position, long count) throws IOException;

    /** Returns the worker's head encoder. */
    ResponseHeadEncoder encoder();

    /** Returns the connection's reusable head buffer. */
    ByteWriter headOut();

    /**
     * Tells whether the worker allows this connection to stay open after the response
     * being committed now: not for {@code sync}, not once draining, not once
     * {@code max_requests} is used up.
     */
    boolean mayKeepAlive();

    /** Tells whether files go through the kernel ({@code sendfile}). */
    boolean sendfile();

    /** Returns the size of the response body buffer. */
    int bufferSize();

    /** Records that a committed response wrote bytes: progress restarts the request's timeout. */
    void progress();

    /**
     * Lends a direct buffer of {@link ServerResponse#GATHER_BYTES} for a large body; the
     * response gives it back with {@link #giveBodyBuffer} when the body is sent.
     */
    ByteBuffer takeBodyBuffer();

    /** Takes back a buffer lent by {@link #takeBodyBuffer}. */
    void giveBodyBuffer(ByteBuffer buffer);
}
