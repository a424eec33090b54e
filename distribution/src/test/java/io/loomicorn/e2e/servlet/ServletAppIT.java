package io.loomicorn.e2e.servlet;

import io.loomicorn.testing.Javac;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servlet applications served by a real Loomicorn as a user runs them: a servlet jar built
 * during the test, bad applications and bad input, and what only Loomicorn does (threads,
 * limit_request_body, sessions across workers, the default servlet).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletAppIT {

    private static final String TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath().toString();

    private final Map<String, LoomicornProcess> servers = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        for (String k : ServletDiffIT.CLASSES) {
            servers.put(k, LoomicornProcess.start("-k", k, "-w", "1", "-b", "127.0.0.1:0", "--timeout", "30",
                    "--limit-request-body", "100000", "--worker-jvm-args", "-Xmx64m", "--classpath", TEST_CLASSES,
                    EdgeApp.class.getName()));
        }
        for (String k : ServletDiffIT.CLASSES) {
            ports.put(k, servers.get(k).awaitPort());
            servers.get(k).awaitWorkers(1);
            ServletSupport.awaitServing(ports.get(k));
        }
    }

    @AfterAll
    void stop() {
        servers.values().forEach(LoomicornProcess::close);
    }

    private HttpResponse get(String k, String target, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return Exchanges.exchange(ports.get(k), sb.append("\r\n").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void servletRequestsNeverRunOnAnIoThread(String k) throws Exception {
        String text = get(k, "/thread").text();
        if (k.equals("sync")) {
            assertThat(text).startsWith("virtual=false");
        } else {
            // vthread: the connection's virtual thread; reactor: App.isBlocking() moves it off the I/O thread
            assertThat(text).startsWith("virtual=true");
        }
        assertThat(text).doesNotContain("I/O");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void aServletThatThrowsGets500AndTheWorkerServesOn(String k) throws Exception {
        HttpResponse r = get(k, "/throws");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.text()).doesNotContain("the servlet threw").doesNotContain("at io.loomicorn");
        servers.get(k).awaitLog("Error handling request GET /throws", Duration.ofSeconds(10));
        assertThat(get(k, "/thread").status()).isEqualTo(200);
    }

    @Test
    void servletContextLogGoesToTheErrorLog() throws Exception {
        assertThat(get("vthread", "/log").text()).isEqualTo("logged");
        LoomicornProcess m = servers.get("vthread");
        assertThat(m.awaitLog("the servlet says hello", Duration.ofSeconds(10))).contains("[INFO]", "[worker]");
        assertThat(m.awaitLog("a failure, logged", Duration.ofSeconds(10))).contains("[ERROR]");
        m.awaitLog("java.lang.IllegalStateException: logged on purpose", Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void aWriteAfterCompleteFailsAndTheResponseIsIntact(String k) throws Exception {
        HttpResponse r = get(k, "/late/go");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("done");
        long deadline = System.nanoTime() + 10_000_000_000L;
        String result;
        while ((result = get(k, "/late/result").text()).equals("nothing yet") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(result).isEqualTo("the late write failed: IOException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void uploadsOverLimitRequestBodyGet413(String k) throws Exception {
        String big = Multipart.request("/upload", "--" + Multipart.BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"f\"; filename=\"f.bin\"\r\n\r\n"
                + "z".repeat(150_000) + "\r\n--" + Multipart.BOUNDARY + "--\r\n");
        // Declared too large: the server refuses before the application runs.
        assertThat(Exchanges.exchange(ports.get(k), big).status()).isEqualTo(413);
        // Chunked, so the size shows only while the container reads the parts.
        String body = big.substring(big.indexOf("\r\n\r\n") + 4);
        String chunked = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary="
                + Multipart.BOUNDARY + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        HttpResponse r = Exchanges.exchange(ports.get(k), chunked);
        assertThat(r.status()).isEqualTo(413);
        // Under the limit, the same upload works.
        String ok = Multipart.request("/upload", Multipart.valid());
        assertThat(Exchanges.exchange(ports.get(k), ok).text()).isEqualTo("parts=3 bytes=3021");
    }

    @Test
    void aSessionSurvivesAcrossRequestsWithItsCookie() throws Exception {
        HttpResponse first = get("vthread", "/session/create");
        String cookie = first.header("Set-Cookie");
        assertThat(cookie).matches("JSESSIONID=[0-9a-f]{32}; Path=/; HttpOnly");
        assertThat(first.text()).contains("new=true n=1");
        String id = cookie.substring(0, cookie.indexOf(';'));
        HttpResponse second = get("vthread", "/session/create", "Cookie: " + id);
        assertThat(second.text()).contains("existing=true", "requested=true valid=true", "new=false n=2");
        assertThat(second.header("Set-Cookie")).isNull();
        get("vthread", "/session/invalidate", "Cookie: " + id);
        assertThat(get("vthread", "/session/check", "Cookie: " + id).text()).contains("existing=false", "valid=false");
    }

    @Test
    void theDefaultServletServesResourcesAndWelcomeFiles() throws Exception {
        HttpResponse root = get("vthread", "/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.header("Content-Type")).isEqualTo("text/html");
        assertThat(root.text()).contains("welcome");
        HttpResponse dir = get("vthread", "/docs");
        assertThat(dir.status()).isEqualTo(302);
        assertThat(dir.header("Location")).isEqualTo("/docs/");
        assertThat(get("vthread", "/docs/").text()).isEqualTo("docs welcome\n");
        HttpResponse file = get("vthread", "/static.txt");
        assertThat(file.header("Content-Type")).isEqualTo("text/plain");
        assertThat(file.header("Content-Length")).isEqualTo("12");
        assertThat(file.header("Last-Modified")).isNotNull();
        assertThat(get("vthread", "/static.txt", "If-Modified-Since: " + file.header("Last-Modified")).status())
                .isEqualTo(304);
        assertThat(get("vthread", "/nothing.txt").status()).isEqualTo(404);
        assertThat(get("vthread", "/META-INF/resources/static.txt").status()).isEqualTo(404);
    }

    @Test
    void aSessionWithSeveralWorkersIsWarnedAboutOnce() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-k", "vthread", "-w", "2", "-b", "127.0.0.1:0",
                "--worker-jvm-args", "-Xmx64m", "--classpath", TEST_CLASSES, EdgeApp.class.getName())) {
            int port = m.awaitPort();
            m.awaitWorkers(2);
            ServletSupport.awaitServing(port);
            for (int i = 0; i < 3; i++) {
                Exchanges.exchange(port, "GET /session/create HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            String line = m.awaitLog("created an HTTP session", Duration.ofSeconds(10));
            assertThat(line).contains("workers = 2", "docs/servlet.md#sessions");
            Thread.sleep(300);
            // once per worker at most, however many sessions
            assertThat(m.count("created an HTTP session")).isBetween(1L, 2L);
        }
    }

    @Test
    void theApplicationIsDestroyedInOrderAtWorkerExitAndAfterThePreloadCheck() throws Exception {
        LoomicornProcess m = LoomicornProcess.start("--preload", "-k", "vthread", "-w", "1", "-b", "127.0.0.1:0",
                "--worker-jvm-args", "-Xmx64m", "--classpath", TEST_CLASSES, EdgeApp.class.getName());
        try (m) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            ServletSupport.awaitServing(port);
            Exchanges.exchange(port, "GET /log HTTP/1.1\r\nHost: x\r\n\r\n");
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        List<String> lines = m.log().lines().filter(l -> l.contains("edge: ")).toList();
        assertThat(lines).as(m.log()).hasSize(5);
        // The preload check's JVM starts the application and closes it (no servlet was initialised there).
        assertThat(lines.get(0)).contains("[check]", "edge: context initialized");
        assertThat(lines.get(1)).contains("[check]", "edge: context destroyed");
        // The worker: started, then at exit the servlet before the context listener.
        assertThat(lines.get(2)).contains("[worker]", "edge: context initialized");
        assertThat(lines.get(3)).contains("[worker]", "edge: servlet destroyed");
        assertThat(lines.get(4)).contains("[worker]", "edge: context destroyed");
    }

    @Test
    void anInitializerThatFailsStopsTheStartWithOneLineAndExitCode3() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--classpath", TEST_CLASSES,
                FailingInitializer.class.getName())) {
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(m.log()).contains("Error: App failed to load: Starting " + FailingInitializer.class.getName()
                    + " failed: ").contains("the database is unreachable").doesNotContain("\tat ");
        }
    }

    @Test
    void aWarIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path war = Files.writeString(dir.resolve("shop.war"), "not really a war");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--classpath", war.toString(),
                "com.acme.Shop")) {
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(m.log()).contains("shop.war: WAR files are not supported").doesNotContain("\tat ");
        }
    }

    @Test
    void aClassThatIsNeitherAnAppNorAServletKeepsTodaysError() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "java.lang.String")) {
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(m.log()).contains("java.lang.String does not implement io.loomicorn.app.App");
        }
    }

    @Test
    void aPlainServletJarBuiltNowIsServedAsAUserWouldRunIt(@TempDir Path dir) throws Exception {
        Path jar = buildJar(dir, "com.acme.HelloServlet", """
                package com.acme;

                import jakarta.servlet.http.HttpServlet;
                import jakarta.servlet.http.HttpServletRequest;
                import jakarta.servlet.http.HttpServletResponse;
                import java.io.IOException;

                public class HelloServlet extends HttpServlet {
                    private String greeting;

                    @Override
                    public void init() {
                        greeting = "Hello from " + getServletName();
                    }

                    @Override
                    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                        resp.setContentType("text/plain;charset=utf-8");
                        resp.getWriter().print(greeting + " at " + req.getServletPath() + "|" + req.getPathInfo());
                    }
                }
                """);
        try (LoomicornProcess m = LoomicornProcess.start("-k", "vthread", "-b", "127.0.0.1:0", "--classpath",
                jar.toString(), "com.acme.HelloServlet")) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            HttpResponse r = retry(port, "GET /any/path HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("Hello from com.acme.HelloServlet at |/any/path");
            assertThat(r.header("Content-Type")).isEqualTo("text/plain;charset=utf-8");
        }
    }

    private static HttpResponse retry(int port, String request) throws Exception {
        for (int i = 0; ; i++) {
            try {
                return Exchanges.exchange(port, request);
            } catch (IOException e) {
                if (i > 100) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Compiles one class against the Servlet API on this test's class path and jars it. */
    static Path buildJar(Path dir, String className, String source) throws IOException {
        String api = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> p.contains("jakarta.servlet-api")).findFirst().orElseThrow();
        Path classes = Javac.compile(dir.resolve("classes"), List.of(api), List.of(), source);
        return Javac.jar(dir.resolve("app.jar"), classes, Map.of());
    }
}
