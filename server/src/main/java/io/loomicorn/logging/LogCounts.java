package io.loomicorn.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.core.filter.CompositeFilter;

import java.util.Arrays;

/**
 * Counts the error log's warnings, errors and critical messages for the metrics, as
 * gunicorn's statsd logger counts {@code gunicorn.log.warning}, {@code .error},
 * {@code .critical} and {@code .exception} (an error logged with a stack trace counts as an
 * exception only, as gunicorn's {@code log.exception()} does). Only messages that pass
 * {@code loglevel} are counted.
 */
public final class LogCounts {

    /** Where counts go. */
    @FunctionalInterface
    public interface Sink {

        /**
         * Counts one message.
         *
         * @param level 0 warning, 1 error, 2 critical, 3 exception
         */
        void logged(int level);
    }

    private static volatile Sink sink = level -> { };

    private LogCounts() {
    }

    /**
     * Sends this process's counts to a sink (the worker's shared memory, the master's ledger).
     *
     * @param target the sink
     */
    public static void countInto(Sink target) {
        sink = target;
    }

    /** Adds the counting filter to the error logger of a configuration just installed. */
    static void attach(Configuration configuration) {
        LoggerConfig logger = configuration.getLoggerConfig(ServerLog.ERROR_NAME);
        Filter present = logger.getFilter();
        // log4j announces a new configuration more than once; count each event once.
        boolean attached = present instanceof Counting
                || present instanceof CompositeFilter c && Arrays.stream(c.getFiltersArray()).anyMatch(f -> f instanceof Counting);
        if (!attached) {
            logger.addFilter(new Counting());
        }
    }

    /** Neutral to every event; counts the error log's. */
    private static final class Counting extends AbstractFilter {

        @Override
        public Filter.Result filter(LogEvent event) {
            if (ServerLog.ERROR_NAME.equals(event.getLoggerName())) {
                Level level = event.getLevel();
                if (level == Level.WARN) {
                    sink.logged(0);
                } else if (level == Level.ERROR) {
                    sink.logged(event.getThrown() != null ? 3 : 1);
                } else if (level == Level.FATAL) {
                    sink.logged(2);
                }
            }
            return Filter.Result.NEUTRAL;
        }
    }
}
