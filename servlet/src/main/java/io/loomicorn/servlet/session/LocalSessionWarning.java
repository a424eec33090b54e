package io.loomicorn.servlet.session;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Says once, in the server's error log, that sessions kept in this worker's memory do not
 * follow a client to another worker ({@code workers > 1}) and are lost when the worker is
 * recycled ({@code max_requests > 0}). With one worker that is never recycled, it says
 * nothing.
 */
public final class LocalSessionWarning {

    private final System.Logger log;
    private final int workers;
    private final long maxRequests;
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param log         the server's error log
     * @param workers     the {@code workers} setting
     * @param maxRequests the {@code max_requests} setting
     */
    public LocalSessionWarning(System.Logger log, int workers, long maxRequests) {
        this.log = log;
        this.workers = workers;
        this.maxRequests = maxRequests;
    }

    /** Called when the application creates a session in the worker's memory; warns the first time. */
    void sessionCreated() {
        if (!warned.compareAndSet(false, true)) {
            return;
        }
        if (workers <= 1 && maxRequests <= 0) {
            return;
        }
        String why = workers > 1
                ? "with workers = " + workers + " a client's next request may reach another worker"
                : "";
        if (maxRequests > 0) {
            why += (why.isEmpty() ? "" : ", and ") + "with max_requests = " + maxRequests
                    + " the worker is recycled and its sessions lost";
        }
        log.log(System.Logger.Level.WARNING, "The application created an HTTP session, which "
                + "lives in this worker's memory: " + why + ". Keep sessions outside the workers "
                + "(Spring Session, or a SessionStore): see docs/servlet.md#sessions");
    }
}
