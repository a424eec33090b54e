package io.loomicorn.springboot.it;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a Boot application starts, and fails to, under Loomicorn: {@code --check-config},
 * {@code preload_app}, a cold start whose context fails, and Boot's {@code server.*}
 * properties that Loomicorn maps, refuses or names as unused. Each test has JVMs of its own, so
 * they run three at a time.
 */
@Tag("spring")
@Execution(ExecutionMode.CONCURRENT)
class BootStartIT {

    private static final String MAIN = BootRestIT.MAIN;
    private static final Duration EXIT = Duration.ofSeconds(240);
    private final Path jar = SpringApps.appJar("rest");

    @Test
    void checkConfigStartsTheContextAndSaysNothingWhenItStarts() throws Exception {
        try (LoomicornProcess m = SpringApps.loomicorn(jar, MAIN, "--check-config", "--aot-cache", "off")) {
            assertThat(m.awaitExit(EXIT)).as(m.log()).isEqualTo(0);
            assertThat(m.stdout()).as("the context really started").contains("Started RestApplication in");
            assertThat(m.log()).doesNotContain("Error");
        }
    }

    @Test
    void checkConfigReportsAContextThatFailsInOneLine() throws Exception {
        try (LoomicornProcess m = SpringApps.loomicorn(jar, MAIN, "--check-config", "--aot-cache", "off",
                "-e", "SPRING_PROFILES_ACTIVE=broken")) {
            assertThat(m.awaitExit(EXIT)).as(m.log()).isEqualTo(1);
            assertThat(errorLines(m)).as(m.log()).containsExactly("Error: Starting " + MAIN + " failed: "
                    + "io.loomicorn.springboot.ContextStartException: the Spring application context failed to start: "
                    + "java.lang.IllegalStateException: the database is unreachable");
        }
    }

    @Test
    void preloadFailsFastInTheMastersCheckJvmBeforeAnyWorker() throws Exception {
        try (LoomicornProcess m = SpringApps.loomicorn(jar, MAIN, "--preload", "-w", "2", "-b", "127.0.0.1:0",
                "--aot-cache", "off", "-e", "SPRING_PROFILES_ACTIVE=broken")) {
            assertThat(m.awaitExit(EXIT)).as(m.log()).isEqualTo(3);
            assertThat(m.workerPids()).as("no worker was started").isEmpty();
            assertThat(errorLines(m)).as(m.log()).containsExactly("Error: App failed to load: Starting " + MAIN
                    + " failed: io.loomicorn.springboot.ContextStartException: the Spring application context failed "
                    + "to start: java.lang.IllegalStateException: the database is unreachable");
        }
    }

    @Test
    void aColdStartWhoseContextFailsExitsWithCode3AndOneLine() throws Exception {
        try (LoomicornProcess m = SpringApps.loomicorn(jar, MAIN, "-w", "1", "-b", "127.0.0.1:0", "--aot-cache", "off",
                "-e", "SPRING_PROFILES_ACTIVE=broken")) {
            assertThat(m.awaitExit(EXIT)).as(m.log()).isEqualTo(3);
            assertThat(errorLines(m)).hasSize(1).first().asString()
                    .endsWith("java.lang.IllegalStateException: the database is unreachable");
        }
    }

    @Test
    void aServerPortThatIsNotLoomicornsBindIsRefusedInOneLine() throws Exception {
        try (LoomicornProcess m = SpringApps.loomicorn(jar, MAIN, "-w", "1", "-b", "127.0.0.1:0", "--aot-cache", "off",
                "-e", "SERVER_PORT=9", "-e", "SERVER_SERVLET_CONTEXTPATH=/shop", "-e", "SERVER_COMPRESSION_ENABLED=true")) {
            assertThat(m.awaitExit(EXIT)).as(m.log()).isEqualTo(3);
            assertThat(errorLines(m)).hasSize(1).first().asString().contains(
                    "org.springframework.boot.web.server.WebServerException: server.port=9 is not where Loomicorn "
                            + "listens (bind: 127.0.0.1:0): Loomicorn owns the sockets; bind to that port or drop "
                            + "server.port; server.servlet.context-path=/shop is not Loomicorn's root_path (empty): set "
                            + "root_path = /shop or drop server.servlet.context-path; server.compression.enabled=true: "
                            + "Loomicorn does not compress responses");
        }
    }

    /**
     * {@code SERVER_SERVLET_CONTEXT_PATH} is not how Boot spells {@code server.servlet.context-path} in
     * the environment ({@code SERVER_SERVLET_CONTEXTPATH}): the warning names what it became.
     */
    @Test
    void bootsPropertiesThatAgreeAreTakenAndTheUnusedOnesAreNamed() throws Exception {
        try (LoomicornProcess m = SpringApps.loomicorn(jar, MAIN, "-w", "1", "-b", "127.0.0.1:0", "--aot-cache", "off",
                "--root-path", "/shop", "-e", "SERVER_SERVLET_CONTEXTPATH=/shop", "-e", "SERVER_ADDRESS=127.0.0.1",
                "-e", "SERVER_TOMCAT_THREADS_MAX=50", "-e", "SERVER_SERVLET_CONTEXT_PATH=/typo", "-e", "SERVER_SERVLET_SESSION_TIMEOUT=90s")) {
            int port = m.awaitPort();
            SpringApps.awaitAnswer(port, "/shop/actuator/health", 200);
            HttpResponse item = SpringApps.exchange(port, "GET /shop/api/items/7 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(item.text()).isEqualTo("{\"id\":7,\"name\":\"item 7 en\"}");
            assertThat(SpringApps.exchange(port, "GET /api/items/7 HTTP/1.1\r\nHost: x\r\n\r\n").status())
                    .as("outside the mount point").isNotEqualTo(200);
            assertThat(m.awaitLog("Not used by Loomicorn", Duration.ofSeconds(5)))
                    .endsWith("docs/spring.md): server.servlet.context.path, server.tomcat.threads.max");
        }
    }

    /** The lines on the master's standard error that start with {@code Error:}. */
    private static List<String> errorLines(LoomicornProcess m) {
        return m.log().lines().filter(l -> l.startsWith("Error:")).toList();
    }
}
