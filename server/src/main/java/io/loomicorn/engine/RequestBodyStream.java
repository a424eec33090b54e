package io.loomicorn.engine;

import io.loomicorn.http.parser.BodyDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The request body as an {@link InputStream}: decodes Content-Length or chunked framing
 * from the connection's input buffer, refilling it from a {@link BodySource}, and stops
 * exactly at the end of the body so that pipelined requests stay in the buffer.
 */
final class RequestBodyStream extends InputStream {

    private final BodyDecoder decoder;
    private final ByteBuffer in;
    private final BodySource source;
    private Runnable beforeFirstRead;
    private boolean ended;
    private boolean closed;
    private long read;

    /**
     * @param decoder         the decoder of this request's body
     * @param in              the connection's input buffer, in read mode
     * @param source          refills {@code in}
     * @param beforeFirstRead runs once before the first read (sends 100 Continue), or null
     */
    RequestBodyStream(BodyDecoder decoder, ByteBuffer in, BodySource source, Runnable beforeFirstRead) {
        this.decoder = decoder;
        this.in = in;
        this.source = source;
        this.beforeFirstRead = beforeFirstRead;
        this.ended = decoder.isComplete();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("request body stream is closed");
        }
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (beforeFirstRead != null) {
            Runnable r = beforeFirstRead;
            beforeFirstRead = null;
            r.run();
        }
        while (true) {
            int n = decoder.read(in, b, off, len);
            if (n > 0) {
                read += n;
                return n;
            }
            if (n == BodyDecoder.END) {
                ended = true;
                return -1;
            }
            if (n == BodyDecoder.ERROR) {
                ended = true;
                throw new RequestBodyException(decoder.error());
            }
            if (!source.fill(in)) {
                ended = true;
                throw new RequestBodyException("the request body ended after " + read
                        + " bytes, before its declared end");
            }
        }
    }

    @Override
    public int available() {
        return ended ? 0 : Math.min(in.remaining(), Integer.MAX_VALUE);
    }

    /** Marks the stream closed; the engine discards or drains the rest of the body. */
    @Override
    public void close() {
        closed = true;
    }

    /** Tells whether the body was read to its end. */
    boolean isComplete() {
        return ended && decoder.isComplete();
    }

    /** Returns how many body bytes the connection still owes: 0 at the end, -1 when unknown. */
    long remainingOnWire() {
        return ended ? (decoder.isComplete() ? 0 : -1) : decoder.remainingOnWire();
    }

    /** Returns the trailers of a complete chunked body, or {@code null}. */
    io.loomicorn.http.Headers trailers() {
        return decoder.trailers();
    }

    /** Tells whether the client was already asked to send the body (or never needed asking). */
    boolean continueResolved() {
        return beforeFirstRead == null;
    }

    /** Returns the number of body bytes handed to the application. */
    long bytesRead() {
        return read;
    }

    /**
     * Reads and discards the rest of the body, up to {@code limit} bytes.
     *
     * @param limit the most bytes worth reading to keep the connection
     * @return {@code true} if the body ended within the limit
     * @throws IOException if the body is malformed or the connection fails
     */
    boolean discard(long limit) throws IOException {
        if (ended) {
            return decoder.isComplete();
        }
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(1, limit))];
        long discarded = 0;
        boolean wasClosed = closed;
        closed = false;
        beforeFirstRead = null;
        try {
            while (discarded <= limit) {
                int n = read(scratch, 0, scratch.length);
                if (n < 0) {
                    return true;
                }
                discarded += n;
            }
            return false;
        } finally {
            closed = wasClosed;
        }
    }
}
