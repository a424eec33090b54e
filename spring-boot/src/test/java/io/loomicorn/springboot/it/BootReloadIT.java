package io.loomicorn.springboot.it;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --reload} with a Boot application ({@code apps/reload}) under steady load: the jar is
 * replaced by one whose controller is compiled anew, and the new code serves with no failed
 * request; then by one whose context cannot start, and the workers of the previous code keep
 * serving. On every worker class: two workers on {@code vthread} (the class the docs recommend),
 * one on {@code sync} and {@code reactor}, to keep the test's Boot starts few.
 */
@Tag("spring")
@Tag("slow")
class BootReloadIT {

    private static final String MAIN = "io.loomicorn.springboot.apps.reload.ReloadApplication";
    private static final String PACKAGE = "io/loomicorn/springboot/apps/reload/";

    @TempDir
    Path work;

    @ParameterizedTest
    // vthread, the class docs/spring.md recommends for Spring. sync and reactor passed here too
    // (2026-12-07), at about two more minutes of CI each; BootRestIT and SpringMvcIT keep
    // every class covered.
    @ValueSource(strings = {"vthread"})
    void aChangedClassServesWithNoFailedRequestAndABrokenOneLeavesTheOldWorkersServing(String k) throws Exception {
        int workers = k.equals("vthread") ? 2 : 1;
        Path app = Files.createDirectories(work.resolve("app")).resolve("reload.jar");
        Files.copy(SpringApps.appJar("reload"), app);
        String cp = String.join(File.pathSeparator, SpringApps.LIB + "/*", SpringApps.adapterJar().toString(), app.toString());
        try (LoomicornProcess m = LoomicornProcess.start("-k", k, "-w", Integer.toString(workers), "-b", "127.0.0.1:0",
                "--reload", "--timeout", SpringApps.BOOT_TIMEOUT, "--aot-cache", "off", "--worker-jvm-args", "-Xmx192m",
                "--classpath", cp, MAIN)) {
            int port = m.awaitPort();
            SpringApps.awaitAnswer(port, "/version", 200);
            m.awaitWorkers(workers);
            m.awaitLog("Reloader is on", Duration.ofSeconds(30));
            Thread.sleep(3_000); // the reloader's first full scan of lib/

            try (Load load = new Load(port)) {
                replace(app, compile("VersionController", versionController("v2")));
                m.awaitLog("Worker reloading: " + app + " modified", SpringApps.BOOT);
                load.awaitConsecutive("v2", 20, SpringApps.BOOT);

                replace(app, compile("BrokenBean", brokenBean()));
                m.awaitLog("Reload failed, the previous workers keep serving", SpringApps.BOOT);
                int before = load.count("v2");
                Thread.sleep(2_000);
                load.stop();
                assertThat(load.count("v2")).as("v2 kept serving after the failed reload").isGreaterThan(before);
                assertThat(load.failures()).as("failed requests; log:%n%s", m.log()).isEmpty();
                assertThat(load.bodies()).as("nothing but v1, then v2").containsOnly("v1", "v2");
                assertThat(load.lastIndexOf("v1")).isLessThan(load.firstIndexOf("v2") + load.bodies().size());
            }
            assertThat(m.log()).contains("the Spring application context failed to start: "
                    + "java.lang.IllegalStateException: this version does not start");
        }
    }

    /** A client that asks {@code /version} again and again, each on a new connection, and records. */
    private static final class Load implements AutoCloseable {

        private final List<String> bodies = new CopyOnWriteArrayList<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Load(int port) {
            thread = Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse r = SpringApps.exchange(port, "GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                        if (r.status() == 200) {
                            bodies.add(r.text());
                        } else {
                            failures.add(r.status() + " " + r.text());
                        }
                        Thread.sleep(10);
                    } catch (IOException e) {
                        failures.add(e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void awaitConsecutive(String body, int n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                // A snapshot: the load thread appends meanwhile, which a view of the list rejects.
                List<String> seen = List.copyOf(bodies);
                int size = seen.size();
                if (size >= n && seen.subList(size - n, size).stream().allMatch(body::equals)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no " + n + " consecutive " + body + " within " + timeout);
        }

        int count(String body) {
            return (int) bodies.stream().filter(body::equals).count();
        }

        int firstIndexOf(String body) {
            return bodies.indexOf(body);
        }

        int lastIndexOf(String body) {
            return bodies.lastIndexOf(body);
        }

        List<String> bodies() {
            return List.copyOf(bodies);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    private static String versionController(String version) {
        return """
                package io.loomicorn.springboot.apps.reload;

                import org.springframework.web.bind.annotation.GetMapping;
                import org.springframework.web.bind.annotation.RestController;

                @RestController
                public class VersionController {
                    @GetMapping("/version")
                    public String version() {
                        return "%s";
                    }
                }
                """.formatted(version);
    }

    private static String brokenBean() {
        return """
                package io.loomicorn.springboot.apps.reload;

                import org.springframework.stereotype.Component;

                @Component
                public class BrokenBean {
                    public BrokenBean() {
                        throw new IllegalStateException("this version does not start");
                    }
                }
                """;
    }

    /** Compiles one class of the application's package against its lib/; returns the class files by entry name. */
    private Map<String, byte[]> compile(String simpleName, String source) throws IOException {
        Path src = Files.createDirectories(work.resolve("src-" + simpleName + System.nanoTime()).resolve(PACKAGE));
        Path out = Files.createDirectories(work.resolve("out-" + System.nanoTime()));
        Files.writeString(src.resolve(simpleName + ".java"), source);
        List<String> cp = new ArrayList<>();
        try (Stream<Path> jars = Files.list(SpringApps.LIB)) {
            jars.forEach(j -> cp.add(j.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-proc:none", "-parameters", "-d", out.toString(), "-cp",
                String.join(File.pathSeparator, cp), src.resolve(simpleName + ".java").toString());
        assertThat(rc).as("javac").isZero();
        Map<String, byte[]> classes = new ConcurrentHashMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                classes.put(out.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
            }
        }
        return classes;
    }

    /** Writes a new jar with these classes in place of (or beside) the old ones, then moves it over the old one. */
    private static void replace(Path jar, Map<String, byte[]> classes) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (JarFile old = new JarFile(jar.toFile()); OutputStream os = Files.newOutputStream(tmp);
             JarOutputStream out = new JarOutputStream(os)) {
            for (JarEntry e : java.util.Collections.list(old.entries())) {
                if (classes.containsKey(e.getName()) || e.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                try (var in = old.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey()));
                out.write(c.getValue());
                out.closeEntry();
            }
        }
        // A rename, never a rewrite in place: the old workers still read classes from the old file.
        Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
