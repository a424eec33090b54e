package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third-party worker class, built into its own jar during the test from the example in
 * {@code docs/writing-a-worker.md}, put on {@code --classpath} and selected with {@code -k}.
 */
class PluginIT {

    @TempDir
    static Path work;

    private static Path jar;

    @BeforeAll
    static void buildThePluginJarFromTheGuide() throws IOException {
        Path guide = Path.of(System.getProperty("loomicorn.projectRoot", "..")).resolve("docs/writing-a-worker.md");
        Matcher m = Pattern.compile("```java\n(package com\\.example\\.pool;.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(guide));
        assertThat(m.find()).as("the guide has the example").isTrue();
        Path src = work.resolve("src/com/example/pool/PoolWorkerFactory.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, m.group(1));
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, "--release", "25", "-proc:none", "-cp", expand(LoomicornProcess.classPath()),
                "-d", classes.toString(), src.toString());
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        jar = work.resolve("pool-worker.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString()));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.loomicorn.spi.WorkerFactory"));
            out.write("com.example.pool.PoolWorkerFactory\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Test
    void theJarServesWhenSelectedByName() throws Exception {
        assertServes("pool");
    }

    @Test
    void theJarServesWhenSelectedByClassName() throws Exception {
        assertServes("com.example.pool.PoolWorkerFactory");
    }

    @Test
    void anUnknownNameListsTheAvailableClassesInOneLine() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("--classpath", jar.toString(), "-k", "pol",
                "-b", "127.0.0.1:0", "io.loomicorn.examples.DemoApp")) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(m.log()).contains("Error: unknown worker class 'pol'; available: pool, reactor, sync, vthread");
            assertThat(m.log()).doesNotContain("\tat ");
        }
    }

    /** The compiler API does not expand {@code dir/*} class path entries as the launcher does. */
    private static String expand(String classPath) throws IOException {
        if (!classPath.endsWith("/*")) {
            return classPath;
        }
        try (Stream<Path> jars = Files.list(Path.of(classPath.substring(0, classPath.length() - 2)))) {
            return String.join(java.io.File.pathSeparator,
                    jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).toList());
        }
    }

    private static void assertServes(String workerClass) throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("--classpath", jar.toString(), "-k", workerClass,
                "--threads", "4", "-b", "127.0.0.1:0", "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            assertThat(m.log()).contains("Using worker: pool");
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
