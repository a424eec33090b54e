package io.loomicorn.app;

import java.io.IOException;

/**
 * Thrown by {@link Request#body()} when the body is malformed (400), larger than
 * {@code limit_request_body} (413) or cut short (400). An application, or an adapter
 * that answers errors itself, reads the status to give from {@link #status()}; one that
 * lets the exception escape {@link App#handle} before committing gets that status
 * answered by the server.
 */
public class BadRequestBodyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the body
     * @param status  the status to answer with, 400 or 413
     */
    public BadRequestBodyException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** Returns the status to answer with: 400 or 413. */
    public int status() {
        return status;
    }
}
