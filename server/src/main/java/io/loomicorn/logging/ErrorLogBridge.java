package io.loomicorn.logging;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The error log ({@code loomicorn.error}) as a {@link System.Logger}, for code that compiles
 * against the dependency-free API only, such as application adapters.
 */
public final class ErrorLogBridge implements System.Logger {

    /** The one instance. */
    public static final ErrorLogBridge INSTANCE = new ErrorLogBridge();

    private ErrorLogBridge() {
    }

    @Override
    public String getName() {
        return ServerLog.ERROR_NAME;
    }

    @Override
    public boolean isLoggable(System.Logger.Level level) {
        return level != System.Logger.Level.OFF && ServerLog.ERROR.isEnabled(toLog4j(level));
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            ServerLog.ERROR.log(toLog4j(level), msg, thrown);
        }
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String msg = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
            ServerLog.ERROR.log(toLog4j(level), msg);
        }
    }

    private static org.apache.logging.log4j.Level toLog4j(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> org.apache.logging.log4j.Level.TRACE;
            case DEBUG -> org.apache.logging.log4j.Level.DEBUG;
            case INFO -> org.apache.logging.log4j.Level.INFO;
            case WARNING -> org.apache.logging.log4j.Level.WARN;
            case ERROR -> org.apache.logging.log4j.Level.ERROR;
            case OFF -> org.apache.logging.log4j.Level.OFF;
        };
    }
}
