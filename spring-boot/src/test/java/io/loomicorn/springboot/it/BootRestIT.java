package io.loomicorn.springboot.it;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Boot 4 REST application ({@code apps/rest}) on Loomicorn, on every worker class, and on
 * Boot's Tomcat 11 in the same test: every request below gets the same status, headers and
 * body from each (less {@code Date}, {@code Server}, header order, and the differences named
 * in {@link #IGNORED}), and what each answer must be is asserted on its own too.
 */
@Tag("spring")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootRestIT {

    static final String MAIN = "io.loomicorn.springboot.apps.rest.RestApplication";
    static final List<String> CLASSES = List.of("sync", "vthread", "reactor");

    /**
     * Headers that differ by nature: {@code Date}, {@code Server}; and the connection management,
     * which is the server's, not the application's (RFC 9112 §9.6): Tomcat announces
     * {@code Keep-Alive: timeout=60}, Loomicorn's {@code sync} closes every connection.
     */
    static final Set<String> IGNORED = Set.of("date", "server", "connection", "keep-alive");

    private static final String BOUNDARY = "----loomicorn-boundary-7MA4YWxkTrZu0gW";

    private final Map<String, LoomicornProcess> masters = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private SpringApps.TomcatApp tomcat;
    private int tomcatPort;

    @BeforeAll
    void start() throws Exception {
        Path jar = SpringApps.appJar("rest");
        tomcat = new SpringApps.TomcatApp(jar, MAIN);
        for (String k : CLASSES) {
            masters.put(k, SpringApps.loomicorn(jar, MAIN, "-k", k, "-w", "1", "-b", "127.0.0.1:0",
                    "--aot-cache", "off", "--worker-jvm-args", "-Xmx256m"));
        }
        tomcatPort = tomcat.awaitPort();
        for (String k : CLASSES) {
            ports.put(k, masters.get(k).awaitPort());
        }
        for (String k : CLASSES) {
            SpringApps.awaitAnswer(ports.get(k), "/actuator/health", 200);
        }
        SpringApps.awaitAnswer(tomcatPort, "/actuator/health", 200);
    }

    @AfterAll
    void stop() {
        masters.values().forEach(LoomicornProcess::close);
        if (tomcat != null) {
            tomcat.close();
        }
    }

    /** The requests, by name. */
    static Map<String, byte[]> requests() {
        Map<String, byte[]> r = new LinkedHashMap<>();
        r.put("json GET with path and query", get("/api/items/7?lang=fr"));
        r.put("json POST, 201", post("/api/items", "application/json", "{\"id\":21,\"name\":\"widget\"}"));
        r.put("bean validation, 400", post("/api/items", "application/json", "{\"id\":0,\"name\":\"\"}"));
        r.put("malformed JSON, 400", post("/api/items", "application/json", "{\"id\":"));
        r.put("@ExceptionHandler, 404", get("/api/items/0"));
        r.put("Boot's /error for a 404", get("/no/such/page"));
        r.put("Boot's /error for a 500", get("/api/boom"));
        r.put("wrong method, 405", post("/api/items/7", "application/json", "{}"));
        r.put("static resource", get("/hello.txt"));
        r.put("static resource, conditional", ascii("GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n"
                + "If-Modified-Since: Sun, 06 Dec 2099 00:00:00 GMT\r\n\r\n"));
        r.put("welcome page", get("/"));
        r.put("HEAD of a static resource", ascii("HEAD /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        r.put("actuator health", get("/actuator/health"));
        r.put("DeferredResult", get("/api/deferred/3"));
        r.put("SseEmitter, 10 events", get("/api/events"));
        r.put("multipart upload", multipart());
        r.put("HTTP Basic, none", get("/api/secure/whoami"));
        r.put("HTTP Basic, good", ascii("GET /api/secure/whoami HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic YWxpY2U6d29uZGVybGFuZA==\r\n\r\n"));
        r.put("HTTP Basic, bad", ascii("GET /api/secure/whoami HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic YWxpY2U6bm8=\r\n\r\n"));
        return r;
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String k : CLASSES) {
            for (String name : requests().keySet()) {
                all.add(Arguments.of(k, name));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void answersAsTomcatDoes(String k, String name) throws Exception {
        byte[] request = requests().get(name);
        boolean head = new String(request, 0, 5, StandardCharsets.US_ASCII).startsWith("HEAD ");
        HttpResponse expected = SpringApps.exchange(tomcatPort, request, head);
        HttpResponse actual = SpringApps.exchange(ports.get(k), request, head);
        HttpResponseNormal want = normalised(expected);
        HttpResponseNormal got = normalised(actual);
        // The difference first: CI shows the start of a failure's message, and the log is long.
        assertThat(got).withFailMessage("%s on %s differs from Tomcat.%n--- Tomcat:%n%s%n--- Loomicorn:%n%s%n"
                + "--- Loomicorn's log, stack frames left out:%n%s", name, k, want, got, logWithoutFrames(k))
                .isEqualTo(want);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void jsonAndErrors(String k) throws Exception {
        int port = ports.get(k);
        HttpResponse item = SpringApps.exchange(port, new String(get("/api/items/7?lang=fr"), StandardCharsets.US_ASCII));
        assertThat(item.status()).isEqualTo(200);
        assertThat(item.header("Content-Type")).isEqualTo("application/json");
        assertThat(item.text()).isEqualTo("{\"id\":7,\"name\":\"item 7 fr\"}");

        HttpResponse created = SpringApps.exchange(port, request(post("/api/items", "application/json",
                "{\"id\":21,\"name\":\"widget\"}")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).isEqualTo("{\"id\":42,\"name\":\"WIDGET\"}");

        HttpResponse invalid = SpringApps.exchange(port, request(post("/api/items", "application/json",
                "{\"id\":0,\"name\":\"\"}")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.text()).contains("\"status\":400", "\"path\":\"/api/items\"");

        assertThat(SpringApps.exchange(port, request(get("/api/items/0"))).text()).isEqualTo("{\"error\":\"no item 0\"}");
        HttpResponse missing = SpringApps.exchange(port, request(get("/no/such/page")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/json");
        assertThat(missing.text()).contains("\"status\":404", "\"error\":\"Not Found\"", "\"path\":\"/no/such/page\"");
        HttpResponse boom = SpringApps.exchange(port, request(get("/api/boom")));
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.text()).contains("\"status\":500", "\"path\":\"/api/boom\"").doesNotContain("boom from");
        assertThat(masters.get(k).awaitLog("Error handling request GET /api/boom", Duration.ofSeconds(10)))
                .as("the stack trace goes to Loomicorn's error log").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void asyncStreamsUploadsAndSecurity(String k) throws Exception {
        int port = ports.get(k);
        assertThat(SpringApps.exchange(port, request(get("/api/deferred/3"))).text())
                .isEqualTo("{\"id\":3,\"name\":\"deferred\"}");
        HttpResponse events = SpringApps.exchange(port, request(get("/api/events")));
        assertThat(events.header("Content-Type")).startsWith("text/event-stream");
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            expected.append("id:").append(i).append("\nevent:tick\ndata:event ").append(i).append("\n\n");
        }
        assertThat(events.text()).isEqualTo(expected.toString());
        HttpResponse upload = SpringApps.exchange(port, multipart(), false);
        assertThat(upload.status()).isEqualTo(200);
        assertThat(upload.text()).isEqualTo("{\"name\":\"data.bin\",\"size\":70000,\"sha256\":\"" + UPLOAD_SHA256
                + "\",\"note\":\"a note\"}");
        assertThat(SpringApps.exchange(port, request(get("/api/secure/whoami"))).status()).isEqualTo(401);
        assertThat(SpringApps.exchange(port, "GET /api/secure/whoami HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic YWxpY2U6d29uZGVybGFuZA==\r\n\r\n").text()).isEqualTo("{\"user\":\"alice\"}");
        assertThat(SpringApps.exchange(port, request(get("/actuator/health"))).text()).contains("\"status\":\"UP\"");
        assertThat(SpringApps.exchange(port, request(get("/hello.txt"))).text()).isEqualTo("static text from the jar\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void loomicornsErrorLogAndTheApplicationsLoggingBothWork(String k) throws Exception {
        LoomicornProcess m = masters.get(k);
        assertThat(m.awaitLog("Spring Boot application " + MAIN + " started", Duration.ofSeconds(5)))
                .contains("servlets dispatcherServlet [/]");
        assertThat(m.stdout()).as("Boot's logging (logback, console) on the worker's standard output")
                .contains("Started RestApplication in");
        SpringApps.exchange(ports.get(k), request(post("/api/items", "application/json", "{\"id\":4242,\"name\":\"log\"}")));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!m.stdout().contains("creating item 4242") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(m.stdout().lines().filter(l -> l.contains("creating item 4242")).findFirst())
                .as("the application's log4j-api logger reaches logback through log4j-to-slf4j, beside Loomicorn's "
                        + "log4j-core").hasValueSatisfying(l -> assertThat(l).contains(" INFO ", "ItemController"));
        assertThat(m.log()).as("Loomicorn's error log: no complaint from log4j or SLF4J about two providers")
                .doesNotContain("StatusLogger").doesNotContain("SLF4J(W)").doesNotContain("Multiple");
    }

    private static final String UPLOAD_SHA256 = sha256(uploadBytes());

    /**
     * The normal form of a response, with the intended differences from Tomcat evened out
     * (each is in docs/spring.md):
     * <ul>
     *   <li>the error timestamp in Boot's JSON, and the session id;</li>
     *   <li>{@code Cache-Control} of an error response: Loomicorn's container marks a response
     *       that {@code sendError} or an exception turned into an error page
     *       {@code must-revalidate,no-cache,no-store}, as Jetty does, where Tomcat keeps the
     *       application's {@code no-cache, no-store, max-age=0, must-revalidate}: neither is stored;</li>
     *   <li>the charset of a text response whose locale was set ({@code Content-Language}):
     *       Tomcat's default locale-encoding mapping adds {@code charset=UTF-8}, Loomicorn's
     *       container, like Jetty's, has none (Servlet 6.1 §5.6 leaves the mapping to the deployment).</li>
     * </ul>
     */
    private String logWithoutFrames(String k) {
        return masters.get(k).log().lines().filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t..."))
                .collect(Collectors.joining("\n"));
    }

    static HttpResponseNormal normalised(HttpResponse r) {
        String body = r.text().replaceAll("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"T\"");
        String head = SpringApps.head(r, IGNORED).replaceAll("JSESSIONID=[0-9A-Fa-f]+", "JSESSIONID=ID");
        if (r.status() >= 400) {
            head = head.replaceAll("(?m)^cache-control: .*no-store.*$", "cache-control: (not stored)");
        }
        if (r.header("Content-Language") != null) {
            head = head.replaceAll("(?m)^(content-type: text/[a-z]+);charset=UTF-8$", "$1");
        }
        return new HttpResponseNormal(head, body);
    }

    /** A response in the form in which two servers' answers are compared. */
    record HttpResponseNormal(String head, String body) {
        @Override
        public String toString() {
            return head + "\n\n" + body;
        }
    }

    private static String request(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] get(String path) {
        return ascii("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    static byte[] post(String path, String type, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return ascii("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\nContent-Length: "
                + b.length + "\r\n\r\n" + body);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] uploadBytes() {
        byte[] data = new byte[70_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }

    static byte[] multipart() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\na note\r\n"));
        body.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"));
        body.writeBytes(uploadBytes());
        body.writeBytes(ascii("\r\n--" + BOUNDARY + "--\r\n"));
        byte[] b = body.toByteArray();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(ascii("POST /api/upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
                + BOUNDARY + "\r\nContent-Length: " + b.length + "\r\n\r\n"));
        all.writeBytes(b);
        return all.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
