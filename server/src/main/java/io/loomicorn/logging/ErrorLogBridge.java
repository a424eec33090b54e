package io.loomicorn.logging;

import org.apache.logging.log4j.Level;

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

    private static Level toLog4j(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARN;
            case ERROR -> Level.ERROR;
            case OFF -> Level.OFF;
        };
    }
}
