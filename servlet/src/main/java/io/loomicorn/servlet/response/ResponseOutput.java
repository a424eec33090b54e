package io.loomicorn.servlet.response;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.util.Arrays;

/**
 * The response body as a {@link ServletOutputStream}: a buffer of {@code getBufferSize()}
 * bytes that commits the response when it fills or is flushed (Servlet 6.1 §5.1).
 *
 * <p>The buffer grows on demand up to its size, so that a small response costs a small
 * array. Writes after {@link #close()} fail with an {@link IOException}; writes while the
 * response is suspended (after {@code sendError} or {@code sendRedirect}) or inside an
 * include's ignored region are dropped.
 */
public final class ResponseOutput extends ServletOutputStream {

    private static final int INITIAL = 1024;

    private final ServletResponseImpl response;
    private byte[] buf = new byte[0];
    private int count;
    private int size;
    private long written;
    private boolean closed;
    private boolean suspended;
    private WriteListener listener;

    ResponseOutput(ServletResponseImpl response, int size) {
        this.response = response;
        this.size = size;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the response is closed");
        }
        if (suspended || len == 0) {
            return;
        }
        long limit = response.contentLengthSet();
        if (limit >= 0 && written + len > limit) {
            len = (int) Math.max(0, limit - written);
        }
        written += len;
        if (count + len > size) {
            flushBuffer(false);
            if (len >= size) {
                response.commitAndWrite(b, off, len);
                checkAllWritten(limit);
                return;
            }
        }
        ensure(count + len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
        checkAllWritten(limit);
    }

    /** Closes the output once the declared Content-Length is written (Servlet 6.1, "Closure of Response Object"). */
    private void checkAllWritten(long limit) throws IOException {
        if (limit >= 0 && written >= limit) {
            flushBuffer(true);
            closed = true;
        }
    }

    private void ensure(int needed) {
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(size, Math.max(needed, Math.max(INITIAL, buf.length * 2))));
        }
    }

    @Override
    public void flush() throws IOException {
        if (closed || suspended) {
            return;
        }
        flushBuffer(true);
    }

    /** Commits and sends what is buffered; {@code flushChannel} also pushes it to the socket. */
    void flushBuffer(boolean flushChannel) throws IOException {
        int n = count;
        count = 0;
        response.commitAndWrite(buf, 0, n);
        if (flushChannel) {
            response.flushChannel();
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed && !suspended && !response.isIncluded()) {
            response.closeOutput();
        }
    }

    /** Returns the bytes buffered and not yet sent. */
    byte[] buffered() {
        return Arrays.copyOf(buf, count);
    }

    int bufferedCount() {
        return count;
    }

    /** Returns how many body bytes the application wrote (after any Content-Length cut). */
    long written() {
        return written;
    }

    void markClosed() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    void suspend(boolean suspend) {
        suspended = suspend;
    }

    /** Drops what is buffered. */
    void resetBuffer() {
        count = 0;
        written = 0;
    }

    int size() {
        return size;
    }

    void setSize(int size) {
        this.size = Math.max(size, 1);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        if (writeListener == null) {
            throw new NullPointerException("writeListener");
        }
        if (listener != null) {
            throw new IllegalStateException("a WriteListener is already set");
        }
        listener = response.startWriteListener(writeListener);
    }
}
