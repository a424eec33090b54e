package io.loomicorn.logging;

import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.nio.charset.StandardCharsets;

/**
 * The layout of error log lines: gunicorn's, with the process's role added.
 *
 * <pre>
 * [2026-11-24 22:29:32 +0000] [1234] [INFO] [master] Listening at: http://127.0.0.1:8000 (1234)
 * </pre>
 * Time (local, with offset), pid and level come first and in gunicorn's order, so that a
 * parser written for gunicorn's lines ({@code [time] [pid] [LEVEL] message}) reads these
 * too; the role ({@code master} or {@code worker}) follows as the first word of the
 * message part. Levels print under gunicorn's names ({@code WARNING}, {@code CRITICAL}).
 * A stack trace follows its line.
 */
public final class ErrorLogLayout {

    private ErrorLogLayout() {
    }

    /**
     * Returns the pattern for a process.
     *
     * @param pid  the process id
     * @param role {@code master} or {@code worker}
     * @return a log4j pattern
     */
    public static String pattern(long pid, String role) {
        return "[%d{yyyy-MM-dd HH:mm:ss Z}] [" + pid + "] [" + LogLevels.PATTERN_LEVEL + "] ["
                + role.replace("%", "%%") + "] %m%n";
    }

    /**
     * Creates the layout.
     *
     * @param configuration the configuration it belongs to
     * @param pid           the process id
     * @param role          {@code master} or {@code worker}
     * @return the layout
     */
    static PatternLayout create(Configuration configuration, long pid, String role) {
        return PatternLayout.newBuilder()
                .setConfiguration(configuration)
                .setPattern(pattern(pid, role))
                .setCharset(StandardCharsets.UTF_8)
                .setAlwaysWriteExceptions(true)
                .build();
    }
}
