package io.loomicorn.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The error log's layout writes what a log4j pattern layout with its pattern writes. */
class ErrorLogLayoutTest {

    @Test
    void writesThePatternLayoutsLinesAtEveryLevelWithAndWithoutStackTraces() {
        DefaultConfiguration configuration = new DefaultConfiguration();
        PatternLayout reference = PatternLayout.newBuilder()
                .setConfiguration(configuration)
                .setPattern(ErrorLogLayout.pattern(4321, "master"))
                .setCharset(StandardCharsets.UTF_8)
                .setAlwaysWriteExceptions(true)
                .build();
        ErrorLogLayout layout = ErrorLogLayout.create(configuration, 4321, "master");

        IllegalStateException nested = new IllegalStateException("outer", new IOException("inner"));
        nested.addSuppressed(new IllegalArgumentException("suppressed"));
        long millis = 1_796_000_000_123L;
        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR, Level.FATAL)) {
            for (Throwable thrown : new Throwable[] {null, new RuntimeException("boom"), nested}) {
                LogEvent event = Log4jLogEvent.newBuilder()
                        .setLoggerName(ServerLog.ERROR_NAME)
                        .setLevel(level)
                        .setMessage(new ParameterizedMessage("Worker (pid:{}) booted in {} ms", 17, 250))
                        .setThrown(thrown)
                        .setTimeMillis(millis)
                        .build();
                assertThat(layout.toSerializable(event)).isEqualTo(reference.toSerializable(event));
                assertThat(layout.toByteArray(event)).isEqualTo(reference.toByteArray(event));
            }
        }
    }

    @Test
    void writesTheRoleAsItIs() {
        DefaultConfiguration configuration = new DefaultConfiguration();
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName(ServerLog.ERROR_NAME)
                .setLevel(Level.WARN)
                .setMessage(new ParameterizedMessage("100% {}", "done"))
                .build();
        assertThat(ErrorLogLayout.create(configuration, 1, "wor%ker").toSerializable(event))
                .endsWith("] [1] [WARNING] [wor%ker] 100% done" + System.lineSeparator());
    }
}
