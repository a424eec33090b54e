package io.loomicorn.http.parser;

import io.loomicorn.app.Headers;

import java.nio.ByteBuffer;

/** CONTRACT STUB: decodes one request body (Content-Length or chunked) from input buffers. */
public interface BodyDecoder {
    /** {@link #read} needs more input. */
    int NEED_MORE = 0;
    /** {@link #read}: the body is complete. */
    int END = -1;
    /** {@link #read}: the body is malformed or too large; see {@link #error()}. */
    int ERROR = -2;

    /**
     * Copies up to {@code len} content bytes from {@code in} into {@code dst}, consuming
     * framing bytes as needed, never reading past the end of the body.
     *
     * @return bytes copied (&gt; 0), or NEED_MORE, END or ERROR
     */
    int read(ByteBuffer in, byte[] dst, int off, int len);

    boolean isComplete();

    ParseError error();

    /** Trailers of a chunked body, once complete; empty otherwise. */
    Headers trailers();
}
