package io.loomicorn.engine;

import io.loomicorn.app.BadRequestBodyException;
import io.loomicorn.http.parser.ParseError;

/**
 * Thrown by the request body stream when the body is malformed, too large or cut short.
 * If the application lets it escape before committing its response, the client gets
 * the error's status (400 or 413) instead of a 500.
 */
public final class RequestBodyException extends BadRequestBodyException {

    private final transient ParseError error;

    /**
     * Creates the exception for a parse error of the body.
     *
     * @param error the parser's error
     */
    public RequestBodyException(ParseError error) {
        super(error.message(), error.status());
        this.error = error;
    }

    /**
     * Creates the exception for a body that ended before its declared length.
     *
     * @param message what happened
     */
    public RequestBodyException(String message) {
        super(message, 400);
        this.error = null;
    }

    /** Returns the parser's error, or {@code null} for a truncated body. */
    public ParseError error() {
        return error;
    }
}
