package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new dependency used only inside a request handler (issue 18, item 1): the JVM links
 * lazily, so such a deploy boots, and without a linkage check it replaced the serving
 * workers and answered every request with a 500 {@code NoClassDefFoundError}.
 */
@Tag("slow")
class LinkageIT {

    private static final String MISSING = "com.missing.Dependency";

    @TempDir
    Path work;

    @Test
    void aReloadWhoseHandlerNeedsAMissingClassKeepsTheOldWorkersServing() throws Exception {
        JavaBuild build = new JavaBuild(work);
        Path classes = work.resolve("app");
        Path dependency = work.resolve("lib").resolve("dependency.jar"); // on the class path, not there yet
        build.compile(classes, List.of(), app("return \"v1\";"));
        try (LoomicornProcess m = LoomicornProcess.start("-w", "2", "-b", "127.0.0.1:0", "--reload",
                "--classpath", classes + ":" + dependency, "demo.Versioned");
             Traffic traffic = new Traffic()) {
            int port = m.awaitPort();
            List<Long> first = m.awaitWorkers(2);
            assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("v1");
            m.awaitLog("Reloader is on", Duration.ofSeconds(5));
            traffic.start(port);

            // v2's handler, and only its handler, calls a class that is not deployed yet.
            Path stub = work.resolve("stub.jar");
            build.jar(stub, dependency("v2"));
            build.compile(classes, List.of(stub), app("return " + MISSING + ".greeting();"));
            m.awaitLog("Reload failed, the previous workers keep serving:", Duration.ofSeconds(90));
            Thread.sleep(1000); // requests keep flowing to the old generation
            assertThat(first).allMatch(LoomicornProcess::alive);
            assertThat(traffic.bodies()).containsOnlyKeys("v1");

            // The dependency arrives: the next reload goes through.
            build.jar(dependency, dependency("v2"));
            traffic.awaitBody("v2", Duration.ofSeconds(90));
            long gone = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (first.stream().anyMatch(LoomicornProcess::alive) && System.nanoTime() - gone < 0) {
                Thread.sleep(100);
            }
            assertThat(first).noneMatch(LoomicornProcess::alive);
            traffic.close();

            assertThat(traffic.failures()).as("requests that did not get a 200").isEmpty();
            assertThat(traffic.bodies()).containsOnlyKeys("v1", "v2");
            List<String> named = m.log().lines().filter(l -> l.contains(MISSING)).toList();
            assertThat(named).as(m.log()).singleElement().satisfies(line -> assertThat(line)
                    .contains("Reload failed, the previous workers keep serving:")
                    .contains("class " + MISSING + " is missing from the classpath")
                    .contains("referenced by demo.Versioned"));
        }
    }

    @Test
    void aColdStartOrConfigCheckWhoseHandlerNeedsAMissingClassStopsWithOneLine() throws Exception {
        JavaBuild build = new JavaBuild(work);
        Path classes = work.resolve("app");
        Path stub = work.resolve("stub.jar");
        build.jar(stub, dependency("v1"));
        build.compile(classes, List.of(stub), app("return " + MISSING + ".greeting();"));
        try (LoomicornProcess m = LoomicornProcess.start("-w", "2", "-b", "127.0.0.1:0",
                "--classpath", classes.toString(), "demo.Versioned")) {
            assertThat(m.awaitExit(Duration.ofSeconds(90))).isEqualTo(3);
            assertThat(m.log()).contains("Error: App failed to load: class " + MISSING
                    + " is missing from the classpath (referenced by demo.Versioned");
            assertThat(m.log()).doesNotContain("Exception", "\tat ");
        }
        try (LoomicornProcess check = LoomicornProcess.start("--check-config", "--classpath", classes.toString(),
                "demo.Versioned")) {
            assertThat(check.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(check.log()).contains("Error: class " + MISSING + " is missing from the classpath"
                    + " (referenced by demo.Versioned in " + classes.toRealPath() + ")");
        }
    }

    private static String app(String body) {
        return "package demo;\n"
                + "public final class Versioned implements io.loomicorn.app.App {\n"
                + "    public void handle(io.loomicorn.app.Request q, io.loomicorn.app.Response r) throws java.io.IOException {\n"
                + "        r.send(text());\n"
                + "    }\n"
                + "    private static String text() {\n"
                + "        " + body + "\n"
                + "    }\n"
                + "}\n";
    }

    private static String dependency(String greeting) {
        return "package com.missing;\n"
                + "public final class Dependency {\n"
                + "    public static String greeting() { return \"" + greeting + "\"; }\n"
                + "}\n";
    }

    /** Requests in a loop on fresh connections, counting bodies and failures. */
    private static final class Traffic implements AutoCloseable {
        private final Map<String, AtomicInteger> bodies = new ConcurrentHashMap<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        void start(int port) {
            thread = Thread.ofPlatform().daemon().name("traffic").start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse r = get(port, "/");
                        if (r.status() == 200) {
                            bodies.computeIfAbsent(r.text(), k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            failures.add(r.status() + " " + r.text().lines().findFirst().orElse(""));
                        }
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        Map<String, AtomicInteger> bodies() {
            return bodies;
        }

        List<String> failures() {
            return failures;
        }

        void awaitBody(String body, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!bodies.containsKey(body) && failures.isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(100);
            }
            assertThat(failures).isEmpty();
            assertThat(bodies).containsKey(body);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(10_000);
            }
        }
    }
}
