package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reload} survives a bad deploy: the seed's story, where a missing package took a
 * whole development server down. Here the old workers keep serving until a deploy boots.
 */
class ReloadIT {

    @TempDir
    Path work;

    @Test
    void aDeployThatCannotBootLeavesTheOldWorkersServing() throws Exception {
        Path classes = Files.createDirectories(work.resolve("app"));
        compile(classes, version("v1", ""));
        try (LoomicornProcess m = LoomicornProcess.start("-w", "2", "-b", "127.0.0.1:0", "--reload",
                "--classpath", classes.toString(), "demo.Versioned")) {
            int port = m.awaitPort();
            List<Long> first = m.awaitWorkers(2);
            assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("v1");
            m.awaitLog("Reloader is on", Duration.ofSeconds(5));

            // A deploy whose class needs a class that is not on the class path.
            compile(classes, version("v2", "static { com.missing.Dependency.touch(); }"),
                    "package com.missing; public final class Dependency { public static void touch() {} }");
            Files.delete(classes.resolve("com/missing/Dependency.class"));
            m.awaitLog("Reload failed, the previous workers keep serving:", Duration.ofSeconds(60));
            assertThat(m.log()).contains("class com.missing.Dependency is missing from the classpath");
            for (int i = 0; i < 20; i++) {
                assertThat(get(port, "/").text()).isEqualTo("v1");
            }
            assertThat(first).allMatch(LoomicornProcess::alive);
            assertThat(m.process().isAlive()).isTrue();

            // The fix is picked up on the next change.
            compile(classes, version("v3", ""));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String body = "";
            while (!body.equals("v3") && System.nanoTime() - deadline < 0) {
                body = get(port, "/").text();
                assertThat(body).isIn("v1", "v3");
                Thread.sleep(100);
            }
            assertThat(body).isEqualTo("v3");
            long gone = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (first.stream().anyMatch(LoomicornProcess::alive) && System.nanoTime() - gone < 0) {
                Thread.sleep(100);
            }
            assertThat(first).noneMatch(LoomicornProcess::alive);
        }
    }

    @Test
    void hupFollowsTheSameRule() throws Exception {
        Path classes = Files.createDirectories(work.resolve("app"));
        compile(classes, version("v1", ""));
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--classpath", classes.toString(),
                "demo.Versioned")) {
            int port = m.awaitPort();
            long first = m.awaitWorkers(1).getFirst();
            assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("v1");
            compile(classes, version("v2", "static { if (true) throw new IllegalStateException(\"bad config\"); }"));
            m.signal("HUP");
            m.awaitLog("Reload failed, the previous workers keep serving:", Duration.ofSeconds(60));
            assertThat(m.log()).contains("java.lang.IllegalStateException: bad config");
            assertThat(get(port, "/").text()).isEqualTo("v1");
            assertThat(LoomicornProcess.alive(first)).isTrue();
        }
    }

    private static String version(String body, String extra) {
        return "package demo;\n"
                + "public final class Versioned implements io.loomicorn.app.App {\n"
                + "    " + extra + "\n"
                + "    public void handle(io.loomicorn.app.Request q, io.loomicorn.app.Response r) throws java.io.IOException {\n"
                + "        r.send(\"" + body + "\");\n"
                + "    }\n"
                + "}\n";
    }

    private void compile(Path classes, String... sources) throws IOException {
        new JavaBuild(work).compile(classes, List.of(), sources);
    }
}
