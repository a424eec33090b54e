package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/** QUIT belongs to the JVM: a thread dump of the master, in the error log, and nothing else. */
class QuitIT {

    @Test
    void quitWritesTheMastersThreadDumpToTheErrorLogOnStandardError() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            m.signal("QUIT");
            m.awaitLog("Full thread dump", Duration.ofSeconds(10));
            m.awaitLog("io.loomicorn.master.Arbiter.loop", Duration.ofSeconds(10));
            assertThat(m.stdout()).doesNotContain("Full thread dump");
            assertThat(MasterIT.withRetry(() -> get(port, "/")).status()).as("and nothing else").isEqualTo(200);
            assertThat(m.process().isAlive()).isTrue();
        }
    }

    @Test
    void quitWritesTheMastersThreadDumpToTheErrorLogFile(@TempDir Path dir) throws Exception {
        Path error = dir.resolve("error.log");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--error-logfile", error.toString(),
                "io.loomicorn.examples.DemoApp")) {
            int port = LoggingFileWatch.port(error);
            LoggingFileWatch.workers(error, 1);
            m.signal("QUIT");
            LoggingFileWatch.await(error, "Full thread dump");
            LoggingFileWatch.await(error, "io.loomicorn.master.Arbiter.loop");
            assertThat(m.stdout()).doesNotContain("Full thread dump");
            assertThat(MasterIT.withRetry(() -> get(port, "/")).status()).isEqualTo(200);
        }
    }
}
