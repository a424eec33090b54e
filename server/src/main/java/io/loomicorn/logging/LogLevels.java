package io.loomicorn.logging;

import org.apache.logging.log4j.Level;

/**
 * Translates between gunicorn's level names and log4j's levels.
 *
 * <p>Operators who know gunicorn read {@code WARNING} and {@code CRITICAL}; log4j calls
 * the same levels {@code WARN} and {@code FATAL}. The error log prints gunicorn's names.
 */
public final class LogLevels {

    /** The option of log4j's {@code %level} that prints its levels under gunicorn's names. */
    static final String LEVEL_NAMES = "WARN=WARNING, FATAL=CRITICAL";

    private LogLevels() {
    }

    /**
     * Returns the log4j level of a {@code loglevel} value.
     *
     * @param name {@code debug}, {@code info}, {@code warning}, {@code error} or {@code critical}
     * @return the level
     * @throws IllegalArgumentException for any other name; the settings registry already
     *                                  refuses them, so this is a programming error
     */
    public static Level fromSetting(String name) {
        return switch (name) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warning" -> Level.WARN;
            case "error" -> Level.ERROR;
            case "critical" -> Level.FATAL;
            default -> throw new IllegalArgumentException("unknown log level: " + name);
        };
    }

    /**
     * Returns the name gunicorn prints for a level.
     *
     * @param level a log4j level
     * @return {@code DEBUG}, {@code INFO}, {@code WARNING}, {@code ERROR} or {@code CRITICAL}
     *         (log4j's own name for anything else)
     */
    public static String gunicornName(Level level) {
        if (level == Level.WARN) {
            return "WARNING";
        }
        if (level == Level.FATAL) {
            return "CRITICAL";
        }
        return level.name();
    }

    /**
     * Returns the syslog severity (RFC 5424) of a level, as Python's SysLogHandler maps
     * its levels.
     *
     * @param level a log4j level
     * @return 2 (critical) to 7 (debug)
     */
    static int syslogSeverity(Level level) {
        int l = level.intLevel();
        if (l <= Level.FATAL.intLevel()) {
            return 2;
        }
        if (l <= Level.ERROR.intLevel()) {
            return 3;
        }
        if (l <= Level.WARN.intLevel()) {
            return 4;
        }
        if (l <= Level.INFO.intLevel()) {
            return 6;
        }
        return 7;
    }
}
