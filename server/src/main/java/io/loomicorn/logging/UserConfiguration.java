package io.loomicorn.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A user's log4j configuration file ({@code logconfig}), which replaces the built-in
 * setup in the server's own context: it decides where {@code loomicorn.error} and
 * {@code loomicorn.access} go and how they look. Access events are
 * {@link AccessLogMessage}s, so {@code %m} prints the {@code access_log_format} line and
 * a JSON Template Layout can read the fields with the {@code map} resolver.
 *
 * <p>log4j reports problems in a configuration file as status messages and carries on
 * with whatever it could read; here any error it reports while loading or starting the
 * file makes the setup fail, so a typo is an error at startup, as in gunicorn.
 * XML and properties files work out of the box; JSON and YAML need Jackson on the class
 * path, which Loomicorn does not ship.
 */
final class UserConfiguration {

    private UserConfiguration() {
    }

    /**
     * Loads the file and installs it in the server's context.
     *
     * @param context the server's context
     * @param file    the configuration file
     * @throws IllegalArgumentException if log4j cannot read or start it
     */
    static void install(LoggerContext context, Path file) {
        StatusErrors errors = new StatusErrors();
        StatusLogger.getLogger().registerListener(errors);
        try {
            Configuration configuration = ConfigurationFactory.getInstance()
                    .getConfiguration(context, file.toString(), file.toUri());
            if (configuration == null) {
                throw new IllegalArgumentException("log4j cannot read " + file
                        + " (XML and properties files are supported)" + errors.suffix());
            }
            if (!errors.messages.isEmpty()) {
                throw new IllegalArgumentException("log4j reports errors in " + file + errors.suffix());
            }
            context.setConfiguration(configuration);
            if (!errors.messages.isEmpty()) {
                throw new IllegalArgumentException("log4j reports errors in " + file + errors.suffix());
            }
        } finally {
            StatusLogger.getLogger().removeListener(errors);
        }
    }

    /**
     * Loads the file again after stopping the running configuration, which is how log4j's
     * own file appenders come to open their files again (log4j shares an open file between
     * an old and a new configuration, so a plain reconfiguration keeps the moved file).
     * Events logged during the switch, a few milliseconds, are dropped.
     *
     * @param context the server's context
     * @param file    the configuration file
     */
    static void reopen(LoggerContext context, Path file) {
        context.setConfiguration(ServerLoggerContext.silent());
        install(context, file);
    }

    /** Collects the errors log4j reports on its status logger. */
    private static final class StatusErrors implements StatusListener {
        private final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void log(StatusData data) {
            if (data.getLevel().isMoreSpecificThan(Level.ERROR)) {
                messages.add(data.getMessage().getFormattedMessage());
            }
        }

        @Override
        public Level getStatusLevel() {
            return Level.ERROR;
        }

        @Override
        public void close() {
        }

        String suffix() {
            return messages.isEmpty() ? "" : ": " + String.join("; ", messages);
        }
    }
}
