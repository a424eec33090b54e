package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master and its workers agree on the application's environment and paths: one
 * environment ({@code raw_env}), one base for relative paths, one class path rule.
 */
class PathsIT {

    @TempDir
    Path work;

    @Test
    void preloadLoadsTheAppWithTheEnvironmentTheWorkersGet() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("--preload", "-e", "X=from-raw-env", "-b", "127.0.0.1:0",
                "--classpath", E2E.TEST_CLASSES, "io.loomicorn.e2e.EnvApp:APP")) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("X=from-raw-env");
            assertThat(m.log()).contains("Preloaded io.loomicorn.e2e.EnvApp:APP");
        }
        try (LoomicornProcess m = LoomicornProcess.start("--preload", "-b", "127.0.0.1:0",
                "--classpath", E2E.TEST_CLASSES, "io.loomicorn.e2e.EnvApp:APP")) {
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(m.log()).contains("Error: App failed to load: Initialising io.loomicorn.e2e.EnvApp failed:"
                    + " java.lang.IllegalStateException: environment variable X is not set")
                    .doesNotContain("Booting worker").doesNotContain("\tat ");
        }
    }

    @Test
    void relativeClasspathAndLogPathsAreResolvedAgainstTheStartDirectoryWhateverChdirSays() throws Exception {
        TestApps.compile(work.resolve("app"), TestApps.versioned("relative"));
        Files.createDirectories(work.resolve("logs"));
        Path site = Files.createDirectories(work.resolve("site"));
        try (LoomicornProcess m = LoomicornProcess.start(Map.of(), work, "-b", "127.0.0.1:0", "--chdir", "site",
                "--classpath", "app", "--error-logfile", "logs/error.log", "--access-logfile", "logs/access.log",
                "demo.Versioned")) {
            Path error = work.resolve("logs/error.log");
            int port = LoggingFileWatch.port(error);
            long worker = LoggingFileWatch.workers(error, 1).getFirst();
            assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("relative");
            LoggingFileWatch.await(work.resolve("logs/access.log"), l -> l.contains("\"GET / HTTP/1.1\" 200"), 1,
                    Duration.ofSeconds(10));
            assertThat(Path.of("/proc", Long.toString(worker), "cwd").toRealPath()).isEqualTo(site.toRealPath());
            assertThat(LoggingFileWatch.lines(error))
                    .anyMatch(l -> l.contains("[master] Listening at"))
                    .anyMatch(l -> l.contains("[worker] Booting worker with pid: " + worker));
            assertThat(site).isEmptyDirectory();
        }
    }

    @Test
    void theMasterLoadsHooksAndThePreloadedAppFromADirStarClasspathEntryAsWorkersDo() throws Exception {
        Path lib = Files.createDirectories(work.resolve("lib"));
        Path classes = TestApps.compile(work.resolve("classes"), TestApps.versioned("from a jar"));
        TestApps.jar(lib.resolve("app.jar"), classes, "demo/");
        TestApps.jar(lib.resolve("hooks.jar"), Path.of(E2E.TEST_CLASSES), "io/loomicorn/e2e/RecordingHooks");
        Path hooksLog = work.resolve("hooks.log");
        try (LoomicornProcess m = LoomicornProcess.start(Map.of("HOOKS_LOG", hooksLog.toString()), null,
                "--preload", "-b", "127.0.0.1:0", "--hooks", "io.loomicorn.e2e.RecordingHooks",
                "--classpath", lib + "/*", "demo.Versioned")) {
            int port = m.awaitPort();
            long worker = m.awaitWorkers(1).getFirst();
            assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("from a jar");
            assertThat(Files.readAllLines(hooksLog))
                    .anyMatch(l -> l.startsWith("on_starting " + m.pid() + " "))
                    .anyMatch(l -> l.startsWith("post_fork " + worker + " "));
        }
    }
}
