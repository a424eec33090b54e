package io.loomicorn.logging;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;

/** The error log's messages counted by level, as gunicorn's statsd logger counts them. */
class LogCountsTest {

    private final AtomicLongArray counts = new AtomicLongArray(4);

    @AfterEach
    void stopCounting() {
        LogCounts.countInto(level -> { });
    }

    @Test
    void eachMessageThatPassesTheLevelIsCountedOnceUnderGunicornsNames(@TempDir Path dir) throws Exception {
        LogCounts.countInto(counts::incrementAndGet);
        Logging.apply(LoggingFixture.withLevel(LoggingFixture.errorOnly(dir.resolve("error.log")), Level.INFO));
        Logging.apply(LoggingFixture.withLevel(LoggingFixture.errorOnly(dir.resolve("error.log")), Level.INFO)); // again, as HUP does
        ServerLog.ERROR.info("not counted");
        ServerLog.ERROR.warn("a warning");
        ServerLog.ERROR.error("an error");
        ServerLog.ERROR.error("an error with its stack", new IllegalStateException("boom"));
        ServerLog.ERROR.fatal("WORKER TIMEOUT (pid:{})", 42);
        ServerLog.ACCESS.info("GET / 200");
        assertThat(counts.toString()).isEqualTo("[1, 1, 1, 1]");
    }
}
