package io.loomicorn.logging;

import org.apache.logging.log4j.Logger;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Routes the JDK's platform logging ({@link System.Logger}) into the error log. The Worker
 * SPI in {@code loomicorn-api} logs through {@code System.getLogger}, since it depends on
 * nothing but the JDK; with this finder those lines, and any other {@code System.Logger}
 * output of the process, are error-log lines like every other, at the error log's level.
 */
public final class ServerLoggerFinder extends System.LoggerFinder {

    /** Required public constructor for {@link java.util.ServiceLoader}. */
    public ServerLoggerFinder() {
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new ErrorLogLogger(name);
    }

    /** One named {@link System.Logger} over the error log. */
    private record ErrorLogLogger(String name) implements System.Logger {

        private static Logger log() {
            return ServerLog.ERROR;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(System.Logger.Level level) {
            return level != System.Logger.Level.OFF && log().isEnabled(map(level));
        }

        @Override
        public void log(System.Logger.Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                log().log(map(level), localized(bundle, msg), thrown);
            }
        }

        @Override
        public void log(System.Logger.Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                String pattern = localized(bundle, format);
                log().log(map(level), params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params));
            }
        }

        @Override
        public void log(System.Logger.Level level, Supplier<String> msgSupplier) {
            if (isLoggable(level)) {
                log().log(map(level), msgSupplier.get());
            }
        }

        private static String localized(ResourceBundle bundle, String msg) {
            return bundle != null && msg != null && bundle.containsKey(msg) ? bundle.getString(msg) : msg;
        }

        private static org.apache.logging.log4j.Level map(System.Logger.Level level) {
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
}
