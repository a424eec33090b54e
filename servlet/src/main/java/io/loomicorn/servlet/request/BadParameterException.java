package io.loomicorn.servlet.request;

import io.loomicorn.servlet.http.ClientError;

/** A query string or form body that cannot be decoded (400), or a form over its limit (413). */
public final class BadParameterException extends IllegalArgumentException implements ClientError {

    private static final long serialVersionUID = 1L;

    private final int status;

    BadParameterException(String message) {
        this(message, 400);
    }

    BadParameterException(String message, int status) {
        super(message);
        this.status = status;
    }

    @Override
    public int status() {
        return status;
    }
}
