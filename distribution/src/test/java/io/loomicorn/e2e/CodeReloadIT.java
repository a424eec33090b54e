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

/** {@code reload}: what it watches, and what a code-change reload does besides replacing workers. */
class CodeReloadIT {

    @TempDir
    Path work;

    @Test
    void aNewJarUnderADirStarClasspathEntryIsPickedUp() throws Exception {
        Path classes = work.resolve("classes");
        Path lib = Files.createDirectories(work.resolve("lib"));
        TestApps.jar(lib.resolve("app.jar"), TestApps.compile(classes, TestApps.versioned("v1")), "demo/");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--reload", "--classpath", lib + "/*",
                "demo.Versioned")) {
            int port = m.awaitPort();
            long first = m.awaitWorkers(1).getFirst();
            assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("v1");
            m.awaitLog("Reloader is on", Duration.ofSeconds(5));
            Thread.sleep(1_500); // a full scan of the first jar

            TestApps.jar(lib.resolve("app.jar"), TestApps.compile(classes, TestApps.versioned("v2")), "demo/");

            m.awaitLog("Worker reloading: " + lib.resolve("app.jar") + " modified", Duration.ofSeconds(30));
            awaitBody(port, "v2");
            MasterIT.awaitLiveWorkers(m, 1);
            assertThat(LoomicornProcess.alive(first)).isFalse();
        }
    }

    @Test
    void aCodeChangeReloadRunsTheOnReloadHook() throws Exception {
        Path hooksLog = work.resolve("hooks.log");
        Path watched = Files.writeString(work.resolve("app.conf"), "one");
        try (LoomicornProcess m = LoomicornProcess.start(Map.of("HOOKS_LOG", hooksLog.toString()), null,
                "-b", "127.0.0.1:0", "--reload", "--reload-extra-file", watched.toString(),
                "--hooks", "io.loomicorn.e2e.RecordingHooks", "--classpath", E2E.TEST_CLASSES,
                "io.loomicorn.examples.DemoApp")) {
            m.awaitPort();
            m.awaitWorkers(1);
            m.awaitLog("Reloader is on", Duration.ofSeconds(5));
            Thread.sleep(1_500);

            Files.writeString(watched, "two, longer");

            m.awaitLog("Worker reloading: " + watched + " modified", Duration.ofSeconds(30));
            m.awaitWorkers(2);
            List<String> hooks = Files.readAllLines(hooksLog);
            assertThat(hooks).anyMatch(l -> l.startsWith("on_reload " + m.pid() + " "));
            int reload = indexOf(hooks, "on_reload ");
            assertThat(hooks.subList(reload, hooks.size())).as("before the new worker is forked")
                    .anyMatch(l -> l.startsWith("pre_fork " + m.pid() + " age=2"));
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static void awaitBody(int port, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String body = "";
        while (!body.equals(expected) && System.nanoTime() - deadline < 0) {
            body = MasterIT.withRetry(() -> get(port, "/")).text();
            Thread.sleep(100);
        }
        assertThat(body).isEqualTo(expected);
    }
}
