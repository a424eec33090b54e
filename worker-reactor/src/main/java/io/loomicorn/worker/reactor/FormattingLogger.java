package io.loomicorn.worker.reactor;

import org.jboss.logging.Logger;

import java.text.MessageFormat;

/**
 * A jboss-logging {@link Logger} that formats its messages itself and hands the finished
 * line to a {@link ErrorLogLoggerProvider.Sink}: {@code log} methods with parameters use
 * {@link MessageFormat} ({@code {0}}), {@code logf} methods {@link String#format} ({@code %s}),
 * as jboss-logging defines them.
 */
final class FormattingLogger extends Logger {

    private static final long serialVersionUID = 1L;

    private final transient ErrorLogLoggerProvider.Sink sink;

    FormattingLogger(String name, ErrorLogLoggerProvider.Sink sink) {
        super(name);
        this.sink = sink;
    }

    @Override
    public boolean isEnabled(Level level) {
        return sink.isEnabled(level);
    }

    @Override
    protected void doLog(Level level, String loggerClassName, Object message, Object[] parameters, Throwable thrown) {
        if (sink.isEnabled(level)) {
            String text = String.valueOf(message);
            sink.log(level, parameters == null || parameters.length == 0 ? text : MessageFormat.format(text, parameters),
                    thrown);
        }
    }

    @Override
    protected void doLogf(Level level, String loggerClassName, String format, Object[] parameters, Throwable thrown) {
        if (sink.isEnabled(level)) {
            sink.log(level, parameters == null ? format : String.format(format, parameters), thrown);
        }
    }
}
