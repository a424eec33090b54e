package io.loomicorn.http.parser;

import io.loomicorn.http.Headers;

import java.nio.ByteBuffer;

/**
 * Decodes the body of one request (empty, Content-Length or chunked) from the connection's
 * input buffers, as the bytes arrive.
 *
 * <p>A decoder never consumes a byte past the end of its body: after {@link #END}, the
 * input buffer's position is at the first byte of the next pipelined request. Chunk
 * framing (sizes, extensions, CRLFs, trailers) is consumed and checked, never copied out.
 * A request with neither Content-Length nor Transfer-Encoding has an empty body (requests
 * are never read until EOF, RFC 9112 §6.3).
 *
 * <p>Errors are sticky: after {@link #ERROR} every call returns {@link #ERROR} again, and
 * the owning {@link RequestParser} is in error too, so nothing after a bad body is ever
 * parsed.
 */
public interface BodyDecoder {
    /** {@link #read}: needs more input; everything usable in the buffer was consumed. */
    int NEED_MORE = 0;
    /** {@link #read}: the body is complete. */
    int END = -1;
    /** {@link #read}: the body is malformed or too large; see {@link #error()}. */
    int ERROR = -2;

    /**
     * Copies up to {@code len} content bytes from {@code in} into {@code dst}, consuming
     * framing bytes as needed, never reading past the end of the body.
     *
     * @param in  the connection's input; its position advances over what was consumed
     * @param dst destination of the content bytes
     * @param off first index in {@code dst}
     * @param len most bytes to copy; must be positive
     * @return bytes copied (&gt; 0), or {@link #NEED_MORE}, {@link #END} or {@link #ERROR}
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code dst}
     * @throws IllegalArgumentException if {@code len} is not positive
     */
    int read(ByteBuffer in, byte[] dst, int off, int len);

    /**
     * Consumes content bytes from {@code in} without copying them, e.g. to drain a body the
     * application did not read before the next request on a keep-alive connection.
     *
     * @param in the connection's input
     * @return bytes skipped (&gt; 0), or {@link #NEED_MORE}, {@link #END} or {@link #ERROR}
     */
    default int skip(ByteBuffer in) {
        return read(in, new byte[1024], 0, 1024);
    }

    /**
     * Tells whether the whole body, framing and trailers included, has been consumed from
     * the input; the next {@link #read} then returns {@link #END}.
     */
    boolean isComplete();

    /**
     * Returns how many bytes of the body are still to come from the connection: 0 once the
     * whole body was consumed, -1 when that is not known (a chunked body in progress).
     * An engine uses it to decide, before a response is sent, whether it can read and
     * drop the rest of a body the application did not read, or must close.
     */
    default long remainingOnWire() {
        return isComplete() ? 0 : -1;
    }

    /** Returns the error after {@link #ERROR}, else null. */
    ParseError error();

    /** Returns the trailer fields of a chunked body once complete; empty otherwise. */
    Headers trailers();
}
