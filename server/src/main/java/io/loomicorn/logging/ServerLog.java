package io.loomicorn.logging;

import org.apache.logging.log4j.Logger;

/**
 * The server's two loggers, named as gunicorn names its own: the error log
 * ({@code loomicorn.error}) for everything the master and workers say, and the access
 * log ({@code loomicorn.access}) for one line per request.
 *
 * <p>Both come from {@link ServerLoggerContext}, a log4j context of their own, and not
 * from {@code LogManager}: an application that reconfigures log4j changes its own
 * context and cannot silence or close these.
 */
public final class ServerLog {

    /** The error logger's name. */
    public static final String ERROR_NAME = "loomicorn.error";

    /** The access logger's name. */
    public static final String ACCESS_NAME = "loomicorn.access";

    /** The error log: lifecycle, warnings, failed requests. */
    public static final Logger ERROR = ServerLoggerContext.get().getLogger(ERROR_NAME);

    /** The access log. */
    public static final Logger ACCESS = ServerLoggerContext.get().getLogger(ACCESS_NAME);

    private ServerLog() {
    }
}
