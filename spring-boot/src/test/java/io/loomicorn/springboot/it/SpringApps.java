package io.loomicorn.springboot.it;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test applications as this module's build assembled them (see its {@code pom.xml}): each
 * application's jar, the {@code lib/} every one of them needs, and what Boot's own servers add.
 * Starts them on Loomicorn as a user does, or on Boot's Tomcat in a JVM of its own.
 */
final class SpringApps {

    /** The build's output folder: the application jars and {@code apps/}. */
    static final Path TARGET = Path.of(System.getProperty("loomicorn.springApps", "target")).toAbsolutePath();

    /** Every test application's dependencies, Boot's starters with them (Tomcat and Jetty excluded). */
    static final Path LIB = TARGET.resolve("apps/lib");

    /** Boot 4 applications need at least this much to boot under a loaded 2-core machine. */
    static final Duration BOOT = Duration.ofSeconds(180);
    /**
     * The {@code timeout} of every master here: a worker's boot counts against it, and a Boot
     * worker took up to 60 s to boot on the 2 shared cores (load average 18), beyond the default 30.
     */
    static final String BOOT_TIMEOUT = "120";

    private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private SpringApps() {
    }

    /** The jar of one test application ({@code rest}, {@code mvc}, {@code sessions}, {@code reload}). */
    static Path appJar(String name) {
        try (var files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + name + "-app.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + name + " application jar in " + TARGET
                            + ": run the module's package phase"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This module's jar: what an application puts in place of spring-boot-starter-tomcat. */
    static Path adapterJar() {
        return Path.of(System.getProperty("loomicorn.springAdapterJar")).toAbsolutePath();
    }

    /** The class path a user gives Loomicorn for a Boot application: lib/*, the adapter, the application. */
    static String loomicornClasspath(Path appJar) {
        return String.join(File.pathSeparator, LIB + "/*", adapterJar().toString(), appJar.toString());
    }

    /**
     * Starts a Loomicorn master serving a Boot application.
     *
     * @param appJar the application's jar
     * @param main   its class
     * @param args   Loomicorn's options, before the class path and the application
     * @return the master
     * @throws IOException if it cannot start
     */
    static LoomicornProcess loomicorn(Path appJar, String main, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--timeout")) {
            all.addAll(List.of("--timeout", BOOT_TIMEOUT));
        }
        all.addAll(List.of("--classpath", loomicornClasspath(appJar), main));
        return LoomicornProcess.start(all.toArray(String[]::new));
    }

    /**
     * The same application on Boot's Tomcat: {@code java -cp lib/*:tomcat/*:app.jar MAIN}, on
     * an ephemeral loopback port.
     */
    static final class TomcatApp implements AutoCloseable {

        private final Process process;
        private final List<String> output = new CopyOnWriteArrayList<>();

        TomcatApp(Path appJar, String main) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = String.join(File.pathSeparator, LIB + "/*", TARGET.resolve("apps/tomcat") + "/*", appJar.toString());
            process = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", cp, main, "--server.port=0",
                    "--server.address=127.0.0.1").redirectErrorStream(true).start();
            Thread.ofPlatform().daemon().start(() -> {
                try (var r = process.inputReader(StandardCharsets.UTF_8)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        output.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        /** Waits for Tomcat's port line. */
        int awaitPort() throws InterruptedException {
            long deadline = System.nanoTime() + BOOT.toNanos();
            while (System.nanoTime() < deadline) {
                for (String line : output) {
                    Matcher m = TOMCAT_PORT.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("Tomcat did not start:\n" + String.join("\n", output));
        }

        String output() {
            return String.join("\n", output);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Polls {@code path} until it answers {@code status}, within {@link #BOOT}. */
    static void awaitAnswer(int port, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + BOOT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse r = exchange(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                if (r.status() == status) {
                    return;
                }
                last = r.status() + " " + r.text();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("port " + port + " did not answer " + path + " with " + status + ": " + last);
    }

    /** One raw exchange on a fresh connection. */
    static HttpResponse exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.UTF_8), request.startsWith("HEAD "));
    }

    /** One raw exchange on a fresh connection. */
    static HttpResponse exchange(int port, byte[] request, boolean head) throws IOException {
        try (HttpTestClient c = HttpTestClient.connect("127.0.0.1", port, 60_000)) {
            c.send(request);
            return head ? c.readHead() : c.read();
        }
    }

    /** Status, then the headers sorted (names in lower case) less {@code ignored}. */
    static String head(HttpResponse r, Set<String> ignored) {
        List<String> lines = new ArrayList<>();
        for (String[] h : r.headers()) {
            String name = h[0].toLowerCase(Locale.ROOT);
            if (!ignored.contains(name)) {
                lines.add(name + ": " + h[1]);
            }
        }
        lines.sort(null);
        return r.status() + "\n" + String.join("\n", lines);
    }
}
