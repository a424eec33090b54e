package io.loomicorn.engine;

import io.loomicorn.http.Headers;
import io.loomicorn.http.parser.BodyDecoder;
import io.loomicorn.http.parser.ParseError;

import java.nio.ByteBuffer;

/**
 * A request body decoded into memory on the I/O thread before the application runs, so
 * that an application running on the I/O thread never waits for the network.
 *
 * <p>It is a {@link BodyDecoder} in front of the connection's real one (the {@code wire}
 * decoder of the parser): reads serve the bytes decoded in advance first, then go to the
 * wire decoder. For a body that was buffered whole, the wire decoder is then complete (or
 * in error), so the application sees exactly what the blocking engine would show it: the
 * content, then the end, or a {@code RequestBodyException} with the parser's error at
 * the point where the body went bad. For a chunked body that outgrew {@link #LIMIT}, the
 * wire decoder continues where buffering stopped, fed by a {@link StreamingBody}.
 *
 * <p>Only the content is kept (chunk framing is consumed by the wire decoder), so a
 * body costs its own size and at most {@link #LIMIT} bytes.
 */
final class BufferedBody implements BodyDecoder {

    /**
     * The largest body read into memory before the application runs: 64 KiB, enough for
     * forms and JSON documents, and small enough that a thousand uploading connections
     * cost 64 MiB at worst. Larger bodies are streamed to the application on a virtual
     * thread instead.
     */
    static final int LIMIT = 64 * 1024;

    private static final int FIRST_CAPACITY = 8 * 1024;

    /** Outcome of {@link #fill}. */
    enum Fill {
        /** More bytes are needed from the connection. */
        NEED_MORE,
        /** The whole body is in memory. */
        COMPLETE,
        /** The body is malformed or too large ({@code limit_request_body}); the application sees the error. */
        ERROR,
        /** The body is larger than {@link #LIMIT}: stream the rest. */
        FULL
    }

    private final BodyDecoder wire;
    private byte[] content;
    private int size;
    private int position;
    private ParseError truncated;

    /**
     * Starts buffering a body.
     *
     * @param wire          the parser's decoder of this body
     * @param contentLength the declared length, at most {@link #LIMIT}, or -1 for a chunked body
     */
    BufferedBody(BodyDecoder wire, long contentLength) {
        this.wire = wire;
        this.content = new byte[contentLength >= 0 ? (int) contentLength : FIRST_CAPACITY];
    }

    /**
     * Decodes what {@code in} holds of the body.
     *
     * @param in the connection's input, in read mode; left at the first byte after the
     *           body (a pipelined request) when the body completes
     * @return what to do next
     */
    Fill fill(ByteBuffer in) {
        while (true) {
            if (wire.isComplete()) {
                return Fill.COMPLETE;
            }
            if (size == content.length) {
                if (content.length >= LIMIT) {
                    return Fill.FULL;
                }
                content = java.util.Arrays.copyOf(content, Math.min(LIMIT, Math.max(FIRST_CAPACITY, 2 * content.length)));
            }
            int n = wire.read(in, content, size, content.length - size);
            if (n > 0) {
                size += n;
            } else if (n == END) {
                return Fill.COMPLETE;
            } else if (n == ERROR) {
                return Fill.ERROR;
            } else {
                return Fill.NEED_MORE;
            }
        }
    }

    /**
     * Records that the client closed its side before the body ended: after the bytes
     * received, the application gets this error (400, as the blocking engine answers).
     *
     * @param error the parser's error for the truncated body
     */
    void endOfInput(ParseError error) {
        truncated = error;
    }

    /** Returns the number of content bytes held in memory. */
    int buffered() {
        return size;
    }

    @Override
    public int read(ByteBuffer in, byte[] dst, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        if (len <= 0) {
            throw new IllegalArgumentException("len must be positive: " + len);
        }
        if (position < size) {
            int n = Math.min(len, size - position);
            System.arraycopy(content, position, dst, off, n);
            position += n;
            if (position == size && wire.isComplete()) {
                content = null; // the application has it all; let it go before the response is written
            }
            return n;
        }
        if (truncated != null) {
            return ERROR;
        }
        return wire.read(in, dst, off, len);
    }

    @Override
    public int skip(ByteBuffer in) {
        if (position < size) {
            int n = size - position;
            position = size;
            return n;
        }
        if (truncated != null) {
            return ERROR;
        }
        return wire.skip(in);
    }

    @Override
    public boolean isComplete() {
        return position == size && truncated == null && wire.isComplete();
    }

    /** The bytes held in memory cost nothing to drop; only what the connection still owes counts. */
    @Override
    public long remainingOnWire() {
        return truncated != null ? -1 : wire.remainingOnWire();
    }

    @Override
    public ParseError error() {
        return truncated != null ? truncated : wire.error();
    }

    @Override
    public Headers trailers() {
        return wire.trailers();
    }
}
