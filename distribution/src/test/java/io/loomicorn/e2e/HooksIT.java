package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/** Each hook runs in the process where gunicorn runs it. */
class HooksIT {

    @Test
    void everyHookRunsInItsProcess(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("hooks.log");
        try (LoomicornProcess m = LoomicornProcess.start(Map.of("HOOKS_LOG", log.toString()), null,
                "-b", "127.0.0.1:0", "--timeout", "2", "--hooks", "io.loomicorn.e2e.RecordingHooks",
                "--classpath", E2E.TEST_CLASSES, "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            long first = m.awaitWorkers(1).getFirst();
            MasterIT.withRetry(() -> get(port, "/echo"));
            // A stuck request (it ignores its interrupt): WORKER TIMEOUT runs worker_abort in the
            // worker, child_exit in the master.
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    get(port, "/spin?ms=10000");
                } catch (Exception e) {
                    // killed with its worker
                }
            });
            m.awaitLog("was sent SIGKILL", Duration.ofSeconds(20));
            long second = m.awaitWorkers(2).get(1);
            MasterIT.withRetry(() -> get(port, "/"));
            m.signal("HUP");
            long third = m.awaitWorkers(3).get(2);
            MasterIT.awaitLiveWorkers(m, 1);
            MasterIT.withRetry(() -> get(port, "/pid"));
            m.signal("INT");
            assertThat(m.awaitExit(Duration.ofSeconds(20))).isZero();

            List<String> lines = Files.readAllLines(log);
            String master = " " + m.pid() + " ";
            assertThat(lines).anyMatch(l -> l.startsWith("on_starting" + master));
            assertThat(lines).anyMatch(l -> l.startsWith("when_ready" + master));
            assertThat(lines).anyMatch(l -> l.startsWith("nworkers_changed" + master + "-1->1"));
            assertThat(lines).filteredOn(l -> l.startsWith("pre_fork" + master)).hasSizeGreaterThanOrEqualTo(3);
            assertThat(lines).anyMatch(l -> l.startsWith("post_fork " + first + " "));
            assertThat(lines).anyMatch(l -> l.startsWith("post_worker_init " + first + " "));
            assertThat(lines).anyMatch(l -> l.startsWith("pre_request " + first + " /echo"));
            assertThat(lines).anyMatch(l -> l.startsWith("post_request " + first + " /echo 200"));
            assertThat(lines).anyMatch(l -> l.startsWith("worker_abort " + first + " "));
            assertThat(lines).anyMatch(l -> l.startsWith("child_exit" + master + "worker=" + first));
            assertThat(lines).anyMatch(l -> l.startsWith("on_reload" + master));
            assertThat(lines).anyMatch(l -> l.startsWith("worker_exit " + second + " "));
            assertThat(lines).anyMatch(l -> l.startsWith("worker_int " + third + " "));
            assertThat(lines).anyMatch(l -> l.startsWith("on_exit" + master));
            // on_starting comes first and on_exit last.
            assertThat(lines.getFirst()).startsWith("on_starting");
            assertThat(lines.getLast()).startsWith("on_exit");
        }
    }
}
