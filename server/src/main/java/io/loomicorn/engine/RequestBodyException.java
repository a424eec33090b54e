package io.loomicorn.engine;

import io.loomicorn.http.parser.ParseError;

import java.io.IOException;

/**
 * Thrown by the request body stream when the body is malformed, too large or cut short.
 * If the application lets it escape before committing its response, the client gets
 * the error's status (400 or 413) instead of a 500.
 */
public final class RequestBodyException extends IOException {

    private final transient ParseError error;
    private final int status;

    /**
     * Creates the exception for a parse error of the body.
     *
     * @param error the parser's error
     */
    public RequestBodyException(ParseError error) {
        super(error.message());
        this.error = error;
        this.status = error.status();
    }

    /**
     * Creates the exception for a body that ended before its declared length.
     *
     * @param message what happened
     */
    public RequestBodyException(String message) {
        super(message);
        this.error = null;
        this.status = 400;
    }

    /** Returns the status to answer with. */
    public int status() {
        return status;
    }

    /** Returns the parser's error, or {@code null} for a truncated body. */
    public ParseError error() {
        return error;
    }
}
