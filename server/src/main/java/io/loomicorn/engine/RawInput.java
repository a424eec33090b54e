package io.loomicorn.engine;

import io.loomicorn.spi.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The encrypted bytes of a TLS connection between the driver and the TLS reader: the
 * driver reads the socket into {@link #writable()} and reports with {@link #received};
 * the TLS reader takes them through {@link #read}. When nothing is staged, a read returns
 * 0 (the machine then asks the driver for more), except while the request's thread pulls
 * its body on a blocking transport ({@link #blockWhenEmpty}), where it reads the transport.
 */
final class RawInput implements ReadableByteChannel {

    private final Transport transport;
    /** Bytes read and not yet taken by the TLS reader; read mode. */
    private ByteBuffer staged;
    private boolean endOfStream;
    private volatile boolean blocking;

    RawInput(Transport transport, int size) {
        this.transport = transport;
        this.staged = ByteBuffer.allocate(size).flip();
    }

    /** Returns the buffer to read the socket into, in write mode; {@link #received} follows. */
    ByteBuffer writable() {
        staged.compact();
        if (!staged.hasRemaining()) {
            staged = ByteBuffer.allocate(staged.capacity() * 2).put(staged.flip());
        }
        return staged;
    }

    /**
     * Takes what the driver read into {@link #writable()}.
     *
     * @param count the bytes read, or -1 at the end of the stream
     */
    void received(int count) {
        staged.flip();
        if (count < 0) {
            endOfStream = true;
        }
    }

    /** Returns the staged bytes, in read mode: a PROXY header is consumed from them before TLS starts. */
    ByteBuffer staged() {
        return staged;
    }

    /** Tells whether the stream ended and every staged byte was taken. */
    boolean ended() {
        return endOfStream && !staged.hasRemaining();
    }

    /**
     * Lets reads wait for the transport while nothing is staged: a request's thread pulling
     * its body on a blocking transport.
     *
     * @param block whether reads may block
     */
    void blockWhenEmpty(boolean block) {
        blocking = block;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (staged.hasRemaining()) {
            int n = Math.min(dst.remaining(), staged.remaining());
            dst.put(dst.position(), staged, staged.position(), n);
            dst.position(dst.position() + n);
            staged.position(staged.position() + n);
            return n;
        }
        if (endOfStream) {
            return -1;
        }
        if (blocking) {
            int n = transport.read(dst);
            if (n < 0) {
                endOfStream = true;
            }
            return n;
        }
        return 0;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
