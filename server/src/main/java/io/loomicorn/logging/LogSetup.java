package io.loomicorn.logging;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import org.apache.logging.log4j.Level;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The logging settings of one process, read from the configuration and resolved: paths
 * absolute, levels and facilities translated.
 *
 * @param role          {@code master} or {@code worker}
 * @param pid           this process
 * @param errorLog      the error log file, or null for standard error
 * @param level         the error log's level
 * @param accessLog     the access log file, {@code "-"} for standard output, or null when off
 * @param accessFormat  the access line format
 * @param accessJson    whether the access log writes JSON
 * @param syslog        the syslog settings, or null when syslog is off
 * @param captureOutput whether standard output and error go to the error log file
 * @param logConfig     a user's log4j configuration that replaces all of the above, or null
 */
record LogSetup(String role, long pid, Path errorLog, Level level, String accessLog, AccessLogFormat accessFormat,
                boolean accessJson, Syslog syslog, boolean captureOutput, Path logConfig) {

    /**
     * Syslog settings.
     *
     * @param address        where to send
     * @param facility       the facility code
     * @param prefix         the program name's middle part
     * @param redirectAccess whether access lines go to syslog too
     */
    record Syslog(SyslogAddress address, int facility, String prefix, boolean redirectAccess) {
    }

    /**
     * Reads the settings.
     *
     * @param config the configuration
     * @param role   {@code master} or {@code worker}
     * @return the setup
     */
    static LogSetup from(Config config, String role) {
        String errorlog = config.get(Settings.ERRORLOG);
        Path errorPath = errorlog.equals("-") ? null : LogFiles.resolve(errorlog, role);
        String access = config.get(Settings.ACCESSLOG)
                .map(a -> a.equals("-") ? "-" : LogFiles.resolve(a, role).toString())
                .orElse(null);
        Syslog syslog = null;
        if (config.get(Settings.SYSLOG)) {
            syslog = new Syslog(SyslogAddress.parse(config.get(Settings.SYSLOG_ADDR)),
                    SyslogFacility.code(config.get(Settings.SYSLOG_FACILITY)),
                    config.get(Settings.SYSLOG_PREFIX).orElseGet(() -> processName(config)),
                    !config.get(Settings.DISABLE_REDIRECT_ACCESS_TO_SYSLOG));
        }
        return new LogSetup(role, ProcessHandle.current().pid(), errorPath,
                LogLevels.fromSetting(config.get(Settings.LOGLEVEL)),
                access, AccessLogFormat.parse(config.get(Settings.ACCESS_LOG_FORMAT)),
                config.get(Settings.ACCESS_LOG_JSON), syslog, captureOutput(config),
                config.get(Settings.LOGCONFIG).map(Path::of).orElse(null));
    }

    /**
     * {@code capture_output}, except when the command only checks or prints the
     * configuration, whose output belongs on the terminal (gunicorn does these before it
     * sets up logging).
     */
    private static boolean captureOutput(Config config) {
        return config.get(Settings.CAPTURE_OUTPUT) && !config.get(Settings.CHECK_CONFIG) && !config.get(Settings.PRINT_CONFIG);
    }

    /** {@code proc_name}, else the application, else {@code loomicorn}. */
    private static String processName(Config config) {
        Optional<String> name = config.get(Settings.PROC_NAME);
        if (name.isPresent()) {
            return name.get();
        }
        return config.get(Settings.WSGI_APP).orElse("loomicorn");
    }

    /** A setup for before the settings are known: INFO to standard error, nothing else. */
    static LogSetup bootstrap(String role) {
        return new LogSetup(role, ProcessHandle.current().pid(), null, Level.INFO, null,
                AccessLogFormat.parse(AccessLogFormat.DEFAULT), false, null, false, null);
    }

    /**
     * Tells whether requests are logged at all: gunicorn logs them when there is an access
     * log, syslog that takes access lines, or a user's logging configuration.
     */
    boolean accessEnabled() {
        return accessLog != null || logConfig != null || (syslog != null && syslog.redirectAccess());
    }

    /** Tells whether access messages need their fields, beyond the text line. */
    boolean accessFields() {
        return accessJson || logConfig != null;
    }

    /**
     * Tells whether anything reads the {@code access_log_format} line: the text access
     * log, syslog and a user's configuration do; the JSON access log alone does not.
     */
    boolean accessLine() {
        return !accessJson || logConfig != null || (syslog != null && syslog.redirectAccess());
    }
}
