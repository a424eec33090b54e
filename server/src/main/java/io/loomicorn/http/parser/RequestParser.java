package io.loomicorn.http.parser;

import java.nio.ByteBuffer;

/**
 * CONTRACT STUB, to be replaced by the real incremental parser.
 *
 * <p>Usage by the engines: {@code parse(in)} until COMPLETE or ERROR; on COMPLETE,
 * {@code in.position()} is at the first body byte; read the body with {@link #body()};
 * then {@link #reset()} and parse the next (pipelined) request from the same buffer.
 */
public final class RequestParser {

    /** Outcome of {@link #parse}. */
    public enum Status {
        /** All input consumed; the head is not complete yet. */
        NEED_MORE,
        /** A complete head was parsed; see {@link #head()}. */
        COMPLETE,
        /** The input is not a valid request; see {@link #error()}. */
        ERROR
    }

    public RequestParser(ParserConfig config) {
        throw new UnsupportedOperationException("stub");
    }

    public Status parse(ByteBuffer in) {
        throw new UnsupportedOperationException("stub");
    }

    /** The head parsed by the last COMPLETE; valid until {@link #reset()}. */
    public RequestHead head() {
        throw new UnsupportedOperationException("stub");
    }

    /** The error of the last ERROR. */
    public ParseError error() {
        throw new UnsupportedOperationException("stub");
    }

    /** The decoder of the current head's body (an empty body completes at once). */
    public BodyDecoder body() {
        throw new UnsupportedOperationException("stub");
    }

    /** Prepares for the next request on the same connection. */
    public void reset() {
        throw new UnsupportedOperationException("stub");
    }

    /** True while no byte of the next request has been seen (idle keep-alive). */
    public boolean isIdle() {
        throw new UnsupportedOperationException("stub");
    }
}
