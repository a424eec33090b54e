package io.loomicorn.logging;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;
import org.apache.logging.log4j.core.pattern.DatePatternConverter;
import org.apache.logging.log4j.core.pattern.LevelPatternConverter;
import org.apache.logging.log4j.core.pattern.LineSeparatorPatternConverter;
import org.apache.logging.log4j.core.pattern.MessagePatternConverter;
import org.apache.logging.log4j.core.pattern.ThrowablePatternConverter;

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
 *
 * <p>The lines are those of a log4j {@code PatternLayout} with {@link #pattern} that writes
 * exceptions, made of the same converters, but without parsing the pattern: log4j's
 * pattern parser collects the converter plugins, which loads every plugin class on the
 * class path (see {@link PluginFreeConfiguration}).
 */
public final class ErrorLogLayout extends AbstractStringLayout {

    private final DatePatternConverter time = DatePatternConverter.newInstance(new String[] {"yyyy-MM-dd HH:mm:ss Z"});
    private final LevelPatternConverter level = LevelPatternConverter.newInstance(new String[] {LogLevels.LEVEL_NAMES});
    private final MessagePatternConverter message;
    private final LineSeparatorPatternConverter end = LineSeparatorPatternConverter.newInstance(null);
    private final ThrowablePatternConverter stackTrace;
    private final String pidPart;
    private final String rolePart;

    private ErrorLogLayout(Configuration configuration, long pid, String role) {
        super(configuration, StandardCharsets.UTF_8, null, null);
        this.message = MessagePatternConverter.newInstance(configuration, new String[0]);
        this.stackTrace = ThrowablePatternConverter.newInstance(configuration, new String[0]);
        this.pidPart = "] [" + pid + "] [";
        this.rolePart = "] [" + role + "] ";
    }

    /**
     * Returns the log4j pattern that writes the same lines (with exceptions always written).
     *
     * @param pid  the process id
     * @param role {@code master} or {@code worker}
     * @return a log4j pattern
     */
    public static String pattern(long pid, String role) {
        return "[%d{yyyy-MM-dd HH:mm:ss Z}] [" + pid + "] [%level{" + LogLevels.LEVEL_NAMES + "}] ["
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
    static ErrorLogLayout create(Configuration configuration, long pid, String role) {
        return new ErrorLogLayout(configuration, pid, role);
    }

    @Override
    public String toSerializable(LogEvent event) {
        StringBuilder line = getStringBuilder();
        line.append('[');
        time.format(event, line);
        line.append(pidPart);
        level.format(event, line);
        line.append(rolePart);
        message.format(event, line);
        end.format(event, line);
        stackTrace.format(event, line);
        return line.toString();
    }
}
