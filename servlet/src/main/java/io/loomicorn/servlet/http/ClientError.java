package io.loomicorn.servlet.http;

/**
 * An exception that is the client's fault: a malformed query, form or multipart body, or
 * one over its limit. If it escapes the application, the container answers with
 * {@link #status()} instead of 500.
 */
public interface ClientError {

    /** Returns the status to answer with: 400 or 413. */
    int status();

    /**
     * Finds the status of a client error in a failure's cause chain.
     *
     * @param t the failure
     * @return the status, or 0 if the failure is not the client's fault
     */
    static int statusOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ClientError e) {
                return e.status();
            }
            if (c instanceof io.loomicorn.app.BadRequestBodyException e) {
                return e.status();
            }
        }
        return 0;
    }
}
