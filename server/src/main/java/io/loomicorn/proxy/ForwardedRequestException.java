package io.loomicorn.proxy;

/**
 * A request that what its proxies said makes unservable: contradictory scheme headers or a
 * malformed {@code Forwarded} header (400, gunicorn's {@code InvalidSchemeHeaders}), or a
 * path outside the mount point (500, gunicorn's {@code ConfigurationProblem}). The message
 * is for the error log; {@link #clientDetail()} is what the client may see. It carries no
 * stack trace: a client can cause it at will.
 */
public final class ForwardedRequestException extends RuntimeException {

    private final int status;
    private final String clientDetail;

    /**
     * @param status       the status to answer with
     * @param message      one line for the error log
     * @param clientDetail one line for the response, without request data or configuration
     */
    public ForwardedRequestException(int status, String message, String clientDetail) {
        super(message, null, false, false);
        this.status = status;
        this.clientDetail = clientDetail;
    }

    /** Returns the status to answer with. */
    public int status() {
        return status;
    }

    /** Returns the one-line explanation for the client. */
    public String clientDetail() {
        return clientDetail;
    }
}
