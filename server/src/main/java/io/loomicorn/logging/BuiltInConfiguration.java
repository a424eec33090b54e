package io.loomicorn.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.LoggerConfig;

import java.io.Serializable;
import java.util.Map;

/**
 * Loomicorn's own log4j configuration, built in code from the settings (when there is no
 * {@code logconfig}).
 *
 * <ul>
 *   <li>{@code loomicorn.error} at {@code loglevel}: an immediate {@link LineAppender} to
 *       the error log file or standard error, with the {@link ErrorLogLayout}; plus
 *       {@link SyslogTarget} when {@code syslog} is on.</li>
 *   <li>{@code loomicorn.access} at INFO: a batched {@link LineAppender} to the access log
 *       file or standard output, with the text line or the {@link JsonAccessLog} layout;
 *       plus syslog behind log4j's {@link AsyncAppender} (a background thread sends the
 *       datagrams, so a request never waits for the network) unless
 *       {@code disable_redirect_access_to_syslog}.</li>
 * </ul>
 * Files are opened before this object is built (see {@link Sinks}), so that a file that
 * cannot be opened is an error the caller sees, not a status message.
 */
final class BuiltInConfiguration extends PluginFreeConfiguration {

    /**
     * The open destinations of a configuration.
     *
     * @param error   the error log target
     * @param access  the access log target, or null
     * @param syslog  the syslog transport, or null
     */
    record Sinks(LogTarget error, LogTarget access, SyslogTransport syslog) {

        /** Closes what was opened, when the configuration could not be built. */
        void close() {
            error.close();
            if (access != null) {
                access.close();
            }
            if (syslog != null) {
                syslog.close();
            }
        }
    }

    private final LogSetup setup;
    private final Sinks sinks;

    /**
     * Creates the configuration.
     *
     * @param context the server's logger context
     * @param setup   the settings
     * @param sinks   the opened destinations; the configuration owns them from now on
     */
    BuiltInConfiguration(LoggerContext context, LogSetup setup, Sinks sinks) {
        super(context, "loomicorn-" + setup.role());
        this.setup = setup;
        this.sinks = sinks;
        // log4j would otherwise resolve the host name (a DNS query) for a ${hostName} lookup
        // that this configuration never makes.
        Map<String, String> properties = getComponent(CONTEXT_PROPERTIES);
        properties.putIfAbsent("hostName", System.getenv().getOrDefault("HOSTNAME", "localhost"));
    }

    @Override
    protected void doConfigure() {
        LogSetup.Syslog syslog = setup.syslog();

        Appender error = LineAppender.immediate("error", ErrorLogLayout.create(this, setup.pid(), setup.role()), sinks.error());
        addAppender(error);
        LoggerConfig errorLogger = logger(ServerLog.ERROR_NAME, setup.level());
        errorLogger.addAppender(error, null, null);

        LoggerConfig accessLogger = logger(ServerLog.ACCESS_NAME, Level.INFO);
        if (sinks.access() != null) {
            Layout<? extends Serializable> layout = setup.accessJson() ? JsonAccessLog.layout(this) : MessageLineLayout.INSTANCE;
            Appender access = LineAppender.batched("access", layout, sinks.access());
            addAppender(access);
            accessLogger.addAppender(access, null, null);
        }

        if (syslog != null && sinks.syslog() != null) {
            Appender syslogError = new SyslogTarget("syslog-error", sinks.syslog(), syslog.facility(),
                    SyslogTarget.tag(syslog.prefix(), "error"), setup.pid());
            addAppender(syslogError);
            errorLogger.addAppender(syslogError, null, null);
            if (syslog.redirectAccess()) {
                // Shares the transport; SyslogTarget stops are idempotent on it.
                Appender syslogAccess = new SyslogTarget("syslog-access", sinks.syslog(), syslog.facility(),
                        SyslogTarget.tag(syslog.prefix(), "access"), setup.pid());
                addAppender(syslogAccess);
                Appender async = AsyncAppender.newBuilder()
                        .setName("syslog-access-async")
                        .setAppenderRefs(new AppenderRef[] {AppenderRef.createAppenderRef("syslog-access", null, null)})
                        .setConfiguration(this)
                        .setBufferSize(8192)
                        .setBlocking(true)
                        .setShutdownTimeout(5000)
                        .build();
                addAppender(async);
                accessLogger.addAppender(async, null, null);
            }
        }
        addLogger(ServerLog.ERROR_NAME, errorLogger);
        addLogger(ServerLog.ACCESS_NAME, accessLogger);

        // Nothing but the two loggers above lives in the server's context; the root only
        // catches a logger someone might fetch from it by another name.
        LoggerConfig root = getRootLogger();
        root.setLevel(Level.WARN);
        root.addAppender(error, null, null);
    }

    private LoggerConfig logger(String name, Level level) {
        return LoggerConfig.newBuilder()
                .setLoggerName(name)
                .setLevel(level)
                .setAdditivity(false)
                .setIncludeLocation("false")
                .setConfig(this)
                .build();
    }
}
