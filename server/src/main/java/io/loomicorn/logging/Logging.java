package io.loomicorn.logging;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Sets up the error log of a master or worker process from the settings.
 */
public final class Logging {

    private static volatile AccessLog accessLog = AccessLog.NONE;
    private static volatile Config current;
    private static volatile String currentRole;

    private Logging() {
    }

    /** Returns the access log of this process, as the settings configured it. */
    public static AccessLog accessLog() {
        return accessLog;
    }

    /** Reopens the log files (USR1), so that logrotate can move them away. */
    public static void reopen() {
        Config c = current;
        if (c != null) {
            configure(c, currentRole);
        }
    }

    /**
     * Configures log4j for this process.
     *
     * @param config the settings
     * @param role   {@code master} or {@code worker}
     */
    public static void configure(Config config, String role) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.ERROR).setConfigurationName("loomicorn-" + role);
        String pattern = "[%d{yyyy-MM-dd HH:mm:ss Z}] [%pid] [" + role + "] [%level] %msg%n";
        String errorlog = config.get(Settings.ERRORLOG);
        AppenderComponentBuilder appender;
        if (errorlog.equals("-")) {
            appender = b.newAppender("error", "Console")
                    .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR);
        } else {
            appender = b.newAppender("error", "File").addAttribute("fileName", errorlog).addAttribute("append", true);
        }
        appender.add(b.newLayout("PatternLayout").addAttribute("pattern", pattern));
        b.add(appender);
        b.add(b.newLogger("loomicorn.error", level(config.get(Settings.LOGLEVEL)))
                .add(b.newAppenderRef("error")).addAttribute("additivity", false));
        b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("error")));
        current = config;
        currentRole = role;
        LoggerContext ctx = Configurator.initialize(b.build());
        ctx.start(b.build());
    }

    /** Configures a console error log at INFO before the settings are known. */
    public static void bootstrap(String role) {
        configure(Config.defaults(), role);
    }

    private static Level level(String name) {
        return switch (name) {
            case "debug" -> Level.DEBUG;
            case "warning" -> Level.WARN;
            case "error" -> Level.ERROR;
            case "critical" -> Level.FATAL;
            default -> Level.INFO;
        };
    }
}
