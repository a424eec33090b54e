package io.loomicorn.logging;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The server's two loggers, named as gunicorn names its own: the error log
 * ({@code loomicorn.error}) for everything the master and workers say, and the access
 * log ({@code loomicorn.access}) for one line per request.
 */
public final class ServerLog {

    /** The error log: lifecycle, warnings, failed requests. */
    public static final Logger ERROR = LogManager.getLogger("loomicorn.error");

    /** The access log. */
    public static final Logger ACCESS = LogManager.getLogger("loomicorn.access");

    private ServerLog() {
    }
}
