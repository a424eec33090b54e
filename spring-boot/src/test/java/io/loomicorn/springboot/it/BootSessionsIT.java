package io.loomicorn.springboot.it;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions with several workers: a Boot application with Spring Session JDBC ({@code apps/sessions})
 * keeps its sessions in H2, run by this test in server mode, so that a session created on one
 * worker is seen by every other, and by the workers that {@code max_requests} puts in their place.
 * On every worker class: four workers on {@code vthread} (the class the docs recommend), two on
 * {@code sync} and {@code reactor}, whose Boot starts would otherwise double the test's time.
 */
@Tag("spring")
@Tag("slow")
class BootSessionsIT {

    private static final String MAIN = "io.loomicorn.springboot.apps.sessions.SessionApplication";
    private Server h2;

    @AfterEach
    void stopDatabase() {
        if (h2 != null) {
            h2.stop();
        }
    }

    @ParameterizedTest
    // vthread, the class docs/spring.md recommends for Spring. sync and reactor passed here too
    // (2026-12-07), at about two more minutes of CI each; BootRestIT and SpringMvcIT keep
    // every class covered.
    @ValueSource(strings = {"vthread"})
    void aSessionIsSeenOnEveryWorkerAndSurvivesRecycling(String k) throws Exception {
        int workers = k.equals("vthread") ? 4 : 2;
        int dbPort;
        try (ServerSocket s = new ServerSocket(0)) {
            dbPort = s.getLocalPort();
        }
        h2 = Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-ifNotExists").start();
        // A database per worker class: an in-memory H2 database outlives its TCP server in this JVM.
        String url = "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/mem:sessions-" + k + ";DB_CLOSE_DELAY=-1";
        createSchema(url);

        try (LoomicornProcess m = SpringApps.loomicorn(SpringApps.appJar("sessions"), MAIN, "-k", k,
                "-w", Integer.toString(workers), "-b", "127.0.0.1:0", "--max-requests", "12", "--max-requests-jitter", "6",
                "--aot-cache", "off", "--worker-jvm-args", "-Xmx192m", "-e", "SPRING_DATASOURCE_URL=" + url)) {
            int port = m.awaitPort();
            SpringApps.awaitAnswer(port, "/session", 200);
            List<Long> first = awaitWorkers(m, workers);

            HttpResponse created = SpringApps.exchange(port, "POST /session?value=kept HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(created.status()).as(m.log()).isEqualTo(200);
            String cookie = created.header("Set-Cookie").split(";")[0];
            assertThat(cookie).startsWith("SESSION=");

            // A recycled worker serves until its replacement has booted (seconds, for Boot), so
            // the requests go on until replacements answered, at most 150 s.
            Set<Long> answered = new LinkedHashSet<>();
            long deadline = System.nanoTime() + 150_000_000_000L;
            for (int i = 0; i < 100 || (replacements(answered, first) < 2 && System.nanoTime() < deadline); i++) {
                Thread.sleep(20);
                HttpResponse r;
                try {
                    r = SpringApps.exchange(port, "GET /session HTTP/1.1\r\nHost: x\r\nCookie: " + cookie
                            + "\r\nConnection: close\r\n\r\n");
                } catch (IOException e) {
                    throw new AssertionError("request " + i + " failed: " + e + "; log:\n" + m.log(), e);
                }
                assertThat(r.status()).as("request %d; log:%n%s", i, m.log()).isEqualTo(200);
                String[] pidAndValue = r.text().split(" ");
                assertThat(pidAndValue[1]).as("request %d, answered by worker %s", i, pidAndValue[0]).isEqualTo("kept");
                answered.add(Long.parseLong(pidAndValue[0]));
            }
            assertThat(answered).as("every first worker answered").containsAll(first);
            assertThat(replacements(answered, first))
                    .as("workers that replaced recycled ones answered too").isGreaterThanOrEqualTo(2);
            assertThat(m.log()).as("Spring Session replaces the container's in-memory sessions")
                    .doesNotContain("lives in this worker's memory");
        }
    }

    /** The first workers' pids; Boot JVMs spawned on a loaded machine may take over a minute to say they boot. */
    private static List<Long> awaitWorkers(LoomicornProcess m, int n) throws InterruptedException {
        long deadline = System.nanoTime() + SpringApps.BOOT.toNanos();
        while (m.workerPids().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(m.workerPids()).as(m.log()).hasSizeGreaterThanOrEqualTo(n);
        return m.workerPids().subList(0, n);
    }

    private static long replacements(Set<Long> answered, List<Long> first) {
        return answered.stream().filter(pid -> !first.contains(pid)).count();
    }

    /** Spring Session's own H2 schema, created once: four workers creating it at once would collide. */
    private static void createSchema(String url) throws Exception {
        String sql;
        try (InputStream in = BootSessionsIT.class.getClassLoader()
                .getResourceAsStream("org/springframework/session/jdbc/schema-h2.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
    }
}
