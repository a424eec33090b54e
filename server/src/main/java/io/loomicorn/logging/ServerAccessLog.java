package io.loomicorn.logging;

import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * The access log of a worker: renders each exchange on the request thread (the request
 * object is valid only there) and hands the line to the {@code loomicorn.access} logger,
 * whose appenders batch it to a file or pass it to syslog in the background.
 */
final class ServerAccessLog implements AccessLog {

    private final AccessLogFormat format;
    private final boolean fields;
    private final boolean line;
    private final Logger logger;

    /**
     * Creates the access log.
     *
     * @param format the line format
     * @param fields whether messages carry the exchange's fields (JSON, logconfig)
     * @param line   whether anything reads the text line; the JSON access log alone does
     *               not, and then the line is the request line only
     * @param logger the access logger
     */
    ServerAccessLog(AccessLogFormat format, boolean fields, boolean line, Logger logger) {
        this.format = format;
        this.fields = fields;
        this.line = line || !fields;
        this.logger = logger;
    }

    @Override
    public void log(Request request, Response response, long bodyBytes, long durationNanos) {
        if (!logger.isEnabled(Level.INFO)) {
            return;
        }
        try {
            Exchange x = new Exchange(request, response, bodyBytes, durationNanos, System.currentTimeMillis());
            logger.info(message(x));
        } catch (RuntimeException e) {
            // A broken atom must never fail the request; say so in the error log instead.
            ServerLog.ERROR.error("Could not write the access log line of {} {}", request.method(), request.target(), e);
        }
    }

    /**
     * Builds the message of one exchange.
     *
     * @param x the exchange
     * @return a {@link SimpleMessage} of the line, or an {@link AccessLogMessage} with fields
     */
    Message message(Exchange x) {
        if (!fields) {
            return new SimpleMessage(format.render(x));
        }
        String text = line ? format.render(x)
                : x.request().method() + " " + x.request().target() + " " + x.request().version();
        return AccessLogMessage.of(text, x);
    }
}
