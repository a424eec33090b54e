package io.loomicorn.http.parser;

import io.loomicorn.http.Headers;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The body of a request framed by Content-Length (RFC 9112 §6.2), or the empty body of a
 * request with neither Content-Length nor Transfer-Encoding (length 0). The length was
 * already checked against {@code limitRequestBody} when the head was parsed.
 */
final class FixedLengthBodyDecoder implements BodyDecoder {

    /** The trailers of every non-chunked body: none. */
    static final Headers NO_TRAILERS = new Headers() {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public String name(int index) {
            throw new IndexOutOfBoundsException("field " + index + " of 0");
        }

        @Override
        public String value(int index) {
            throw new IndexOutOfBoundsException("field " + index + " of 0");
        }

        @Override
        public String first(String name) {
            return null;
        }

        @Override
        public List<String> all(String name) {
            return List.of();
        }

        @Override
        public String toString() {
            return "[]";
        }
    };

    private long remaining;

    /** Starts a body of {@code length} bytes. */
    void start(long length) {
        remaining = length;
    }

    /** Returns the content bytes not yet consumed. */
    @Override
    public long remainingOnWire() {
        return remaining;
    }

    @Override
    public int read(ByteBuffer in, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (len <= 0) {
            throw new IllegalArgumentException("len must be positive: " + len);
        }
        long r = remaining;
        if (r == 0) {
            return END;
        }
        int n = (int) Math.min(Math.min(r, len), in.remaining());
        if (n == 0) {
            return NEED_MORE;
        }
        in.get(dst, off, n);
        remaining = r - n;
        return n;
    }

    @Override
    public int skip(ByteBuffer in) {
        long r = remaining;
        if (r == 0) {
            return END;
        }
        int n = (int) Math.min(r, in.remaining());
        if (n == 0) {
            return NEED_MORE;
        }
        in.position(in.position() + n);
        remaining = r - n;
        return n;
    }

    @Override
    public boolean isComplete() {
        return remaining == 0;
    }

    @Override
    public ParseError error() {
        return null;
    }

    @Override
    public Headers trailers() {
        return NO_TRAILERS;
    }
}
