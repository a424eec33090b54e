package io.loomicorn.servlet.multipart;

import io.loomicorn.servlet.http.ClientError;

/**
 * A multipart body that is malformed (400) or over a limit of its
 * {@code MultipartConfigElement} (413). An {@link IllegalStateException}, as
 * {@code getParts()} documents for the limits.
 */
public final class MultipartException extends IllegalStateException implements ClientError {

    private static final long serialVersionUID = 1L;

    private final int status;

    MultipartException(String message, int status) {
        super(message);
        this.status = status;
    }

    @Override
    public int status() {
        return status;
    }
}
