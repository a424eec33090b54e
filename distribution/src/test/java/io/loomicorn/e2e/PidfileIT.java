package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pid file follows gunicorn: written before {@code on_starting}, and moved by a HUP that names another. */
class PidfileIT {

    @TempDir
    Path dir;

    @Test
    void onStartingRunsOnceThePidfileIsWritten() throws Exception {
        Path pidfile = dir.resolve("master.pid");
        Path hooksLog = dir.resolve("hooks.log");
        try (LoomicornProcess m = LoomicornProcess.start(Map.of("HOOKS_LOG", hooksLog.toString()), null,
                "-b", "127.0.0.1:0", "-p", pidfile.toString(), "--hooks", "io.loomicorn.e2e.RecordingHooks",
                "--classpath", E2E.TEST_CLASSES, "io.loomicorn.examples.DemoApp")) {
            m.awaitPort();
            List<String> hooks = Files.readAllLines(hooksLog);
            assertThat(hooks.getFirst()).isEqualTo("on_starting " + m.pid() + " master=" + m.pid() + " pidfile=" + m.pid());
        }
    }

    @Test
    void hupWritesThePidfileTheNewConfigurationNamesAndRemovesTheOldOne() throws Exception {
        Path first = dir.resolve("first.pid");
        Path second = dir.resolve("second.pid");
        Path conf = dir.resolve("loomicorn.conf");
        Files.writeString(conf, "pidfile = \"" + first + "\"\n");
        try (LoomicornProcess m = LoomicornProcess.start("-c", conf.toString(), "-b", "127.0.0.1:0",
                "io.loomicorn.examples.DemoApp")) {
            m.awaitPort();
            m.awaitWorkers(1);
            assertThat(Files.readString(first).strip()).isEqualTo(Long.toString(m.pid()));

            Files.writeString(conf, "pidfile = \"" + second + "\"\n");
            m.signal("HUP");
            m.awaitWorkers(2);

            assertThat(second).exists();
            assertThat(Files.readString(second).strip()).isEqualTo(Long.toString(m.pid()));
            assertThat(first).doesNotExist();
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(second).doesNotExist();
        }
    }
}
