package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Third-party worker classes, built into their own jars during the test from the examples
 * in {@code docs/writing-a-worker.md} against {@code loomicorn-api} alone ({@link PluginJars}),
 * put on {@code --classpath} and selected with {@code -k}. The non-blocking example also
 * runs the whole {@link WorkerClassesIT} suite.
 */
class PluginIT {

    @Test
    void theJarServesWhenSelectedByName() throws Exception {
        assertServes(PluginJars.pool(), "pool", "--threads", "4");
    }

    @Test
    void theJarServesWhenSelectedByClassName() throws Exception {
        assertServes(PluginJars.pool(), "com.example.pool.PoolWorkerFactory", "--threads", "4");
    }

    @Test
    void theApiJarHasNoDependencies() throws Exception {
        try (var jar = new java.util.jar.JarFile(PluginJars.apiJar().toFile())) {
            assertThat(jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("io/loomicorn/"))).isEmpty();
            var pom = jar.stream().filter(e -> e.getName().endsWith("/pom.xml")).findFirst().orElseThrow();
            String text = new String(jar.getInputStream(pom).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).as("loomicorn-api's pom").doesNotContain("<dependency>");
        }
    }

    @Test
    void aNonBlockingClassDeclaresItsOwnSettingAndJvmOption() throws Exception {
        Path jar = PluginJars.nio();
        try (LoomicornProcess help = LoomicornProcess.start("--classpath", jar.toString(), "--help")) {
            assertThat(help.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(help.stdout()).contains("Worker Classes", "--nio-selectors");
        }
        try (LoomicornProcess bad = LoomicornProcess.start("--classpath", jar.toString(), "-k", "nio",
                "--nio-selectors", "0", "io.loomicorn.examples.DemoApp")) {
            assertThat(bad.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(bad.log()).contains("nio_selectors").doesNotContain("\tat ");
        }
        try (LoomicornProcess m = LoomicornProcess.start("--classpath", jar.toString(), "-k", "nio",
                "--nio-selectors", "2", "-b", "127.0.0.1:0", "--print-config", "io.loomicorn.examples.DemoApp")) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(m.stdout()).containsPattern("nio_selectors\\s+= 2\\s+\\(command line\\)");
        }
        try (LoomicornProcess m = LoomicornProcess.start("--classpath", jar.toString(), "-k", "nio",
                "--nio-selectors", "2", "-b", "127.0.0.1:0", "io.loomicorn.examples.DemoApp")) {
            m.awaitPort();
            m.awaitWorkers(1);
            long worker = m.workerPids().getFirst();
            String cmdline = Files.readString(Path.of("/proc/" + worker + "/cmdline")).replace('\0', ' ');
            assertThat(cmdline).contains("-Djdk.nio.maxCachedBufferSize=262144");
        }
    }

    @Test
    void anUnknownNameListsTheAvailableClassesInOneLine() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("--classpath", PluginJars.pool().toString(), "-k", "pol",
                "-b", "127.0.0.1:0", "io.loomicorn.examples.DemoApp")) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(m.log()).contains("Error: unknown worker class 'pol'; available: pool, reactor, sync, vthread");
            assertThat(m.log()).doesNotContain("\tat ");
        }
    }

    private static void assertServes(Path jar, String workerClass, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--classpath", jar.toString(), "-k", workerClass,
                "-b", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        args.add("io.loomicorn.examples.DemoApp");
        try (LoomicornProcess m = LoomicornProcess.start(args.toArray(String[]::new))) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            HttpResponse r = MasterIT.withRetry(() -> {
                try (HttpTestClient c = HttpTestClient.connect(port)) {
                    return c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
                }
            });
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("\"body_length\":3");
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                for (int i = 0; i < 3; i++) {
                    assertThat(c.exchange("GET /pid HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
                }
            }
        }
    }
}
