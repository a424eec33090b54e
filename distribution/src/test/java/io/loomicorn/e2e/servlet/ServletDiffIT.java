package io.loomicorn.e2e.servlet;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential tests: the same application ({@link DiffApp}) on Jetty 12.1 EE 11 and on a
 * real Loomicorn (master and worker JVMs) of each worker class, the same raw requests to
 * both; status, headers (less Date and Server, in any order) and bodies must match. A case
 * that differs on purpose names the headers it ignores and the specification section that
 * allows the difference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletDiffIT {

    static final List<String> CLASSES = List.of("sync", "vthread", "reactor");
    private static final String TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath().toString();

    /**
     * One request and how its responses compare.
     *
     * @param name       the case
     * @param request    the raw request
     * @param ignored    headers (lower case) that differ on purpose
     * @param sameBody   whether the bodies must be equal
     * @param why        the specification section that allows the difference, when there is one
     * @param status     the status Loomicorn answers where it differs on purpose, else 0
     */
    record Case(String name, String request, Set<String> ignored, boolean sameBody, String why, int status) {
        Case(String name, String request, Set<String> ignored, boolean sameBody, String why) {
            this(name, request, ignored, sameBody, why, 0);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private JettyReference jetty;
    private final Map<String, LoomicornProcess> servers = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        for (String k : CLASSES) {
            servers.put(k, LoomicornProcess.start("-k", k, "-w", "1", "-b", "127.0.0.1:0", "--timeout", "30",
                    "--worker-jvm-args", "-Xmx64m", "--classpath", TEST_CLASSES, DiffApp.class.getName()));
        }
        jetty = new JettyReference(new DiffApp(), DiffApp.Found.class, DiffApp.FoundToo.class,
                DiffApp.FoundByParent.class);
        for (String k : CLASSES) {
            ports.put(k, servers.get(k).awaitPort());
            servers.get(k).awaitWorkers(1);
        }
        for (String k : CLASSES) {
            ServletSupport.awaitServing(ports.get(k));
        }
    }

    @AfterAll
    void stop() throws Exception {
        servers.values().forEach(LoomicornProcess::close);
        if (jetty != null) {
            jetty.close();
        }
    }

    static String get(String target, String... headers) {
        StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: example.com\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    static String post(String target, String contentType, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: example.com\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body;
    }

    static Case same(String name, String request) {
        return new Case(name, request, Set.of(), true, null);
    }

    static Case differs(String name, String request, Set<String> ignored, boolean sameBody, String why) {
        return new Case(name, request, ignored, sameBody, why);
    }

    /** The container's own error page differs: Servlet 6.1 §10.9.2 leaves its content to the container. */
    static Case defaultErrorPage(String name, String request) {
        return differs(name, request, Set.of("content-type", "content-length", "cache-control"), false,
                "Servlet 6.1 §10.9.2: without an error page the container renders its own");
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Requests
        cases.add(same("echo: query, headers, cookies, locale", get("/echo/a/b?x=1&x=2&y=%C3%A9&empty=&flag",
                "X-Int: 7", "X-Date: Sun, 06 Nov 1994 08:49:37 GMT", "Cookie: c1=v1; c2=\"v 2\"",
                "Accept-Language: fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5", "X-Multi: one", "X-Multi: two")));
        cases.add(same("echo: encoded path, path parameters, dot segments", get("/echo/a%20b/c;p=1/./d/../e%C3%A9")));
        cases.add(same("echo: urlencoded form in the body", post("/echo/form?q=1&a=0", "application/x-www-form-urlencoded",
                "a=1&b=%E2%9C%93&a=3&c=x+y")));
        cases.add(same("echo: form with a charset", post("/echo/form", "application/x-www-form-urlencoded; charset=iso-8859-1",
                "n=%E9")));
        cases.add(same("echo: body read with the reader", post("/echo/body", "text/plain;charset=utf-8", "h\u00e9llo")));
        cases.add(same("echo: chunked body with trailers", "POST /echo/body HTTP/1.1\r\nHost: example.com\r\n"
                + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n"));
        cases.add(same("echo: HEAD", "HEAD /echo/h HTTP/1.1\r\nHost: example.com\r\n\r\n"));
        cases.add(same("echo: HTTP/1.0 without Host", "GET /echo/old HTTP/1.0\r\n\r\n"
                .replace("HTTP/1.0\r\n\r\n", "HTTP/1.0\r\nHost: example.com\r\n\r\n")));
        // Mapping
        for (String p : List.of("/exact", "/prefix", "/prefix/", "/prefix/x/y", "/x.do", "/a/b/c.do", "/a/b", "/a/b/c", "/",
                "/exact.do")) {
            cases.add(same("mapping: " + p, get(p)));
        }
        cases.add(defaultErrorPage("mapping: nothing matches", get("/nothing/here")));
        // Responses
        cases.add(differs("response: cookies", get("/resp/cookies"), Set.of("expires"), true,
                "Jetty adds an Expires header to responses that set cookies; Servlet 6.1 (addCookie, §7.1.1) asks for no such header"));
        for (String r : List.of("status?code=201", "status?code=418", "headers", "writer-utf8", "writer-default",
                "encoding-then-type", "type-after-writer", "stream", "content-length", "flush", "reset", "reset-buffer",
                "buffer", "redirect-absolute", "redirect-relative", "redirect-root", "redirect-301", "locale",
                "no-content", "empty")) {
            cases.add(same("response: " + r, get("/resp/" + r)));
        }
        cases.add(same("response: HEAD of a small body", "HEAD /resp/head HTTP/1.1\r\nHost: example.com\r\n\r\n"));
        cases.add(defaultErrorPage("response: sendError", get("/resp/send-error")));
        cases.add(defaultErrorPage("response: sendError with a message", get("/resp/send-error-message")));
        cases.add(same("response: sendError to an error page", get("/resp/send-error-page?q=1")));
        cases.add(same("response: exception to an error page", get("/resp/throw")));
        cases.add(same("response: ServletException, page by root cause", get("/resp/throw-servlet")));
        cases.add(defaultErrorPage("response: exception without a page", get("/resp/throw-unmapped")));
        // Filters and dispatch
        cases.add(same("filter: never calls the chain", get("/blocked/x")));
        cases.add(same("dispatch: forward with a query", get("/dispatch/forward?x=1")));
        cases.add(same("dispatch: relative forward", get("/dispatch/forward-relative")));
        cases.add(same("dispatch: forward resets the buffer and closes", get("/dispatch/forward-then-write")));
        cases.add(same("dispatch: include", get("/dispatch/include?orig=1")));
        cases.add(same("dispatch: include cannot set headers", get("/dispatch/include-sets-header")));
        cases.add(same("dispatch: named forward", get("/dispatch/named")));
        cases.add(same("dispatch: forward after commit", get("/dispatch/forward-committed")));
        cases.add(same("dispatch: forward to a prefix mapping", get("/dispatch/forward-mapping")));
        // Async
        cases.add(same("async: complete from another thread", get("/async/complete")));
        cases.add(same("async: dispatch to the original URI", get("/async/dispatch")));
        cases.add(same("async: dispatch to a path", get("/async/dispatch-path")));
        cases.add(same("async: a timeout listener completes", get("/async/timeout-listener")));
        cases.add(defaultErrorPage("async: a timeout without listener", get("/async/timeout")));
        cases.add(same("async: a streamed response", get("/async/streaming")));
        // HttpServlet's own method handling, the same jar on both sides
        cases.add(same("HttpServlet: OPTIONS lists the methods", "OPTIONS /upload HTTP/1.1\r\nHost: example.com\r\n\r\n"));
        cases.add(defaultErrorPage("HttpServlet: GET on a POST-only servlet is 405", get("/upload")));
        cases.add(same("HttpServlet: HEAD runs doGet without a body",
                "HEAD /context HTTP/1.1\r\nHost: example.com\r\n\r\n"));
        // Context, sessions
        cases.add(same("context: parameters, resources, MIME types, registrations", get("/context")));
        cases.add(same("session: none without a cookie", get("/session/check")));
        cases.add(same("session: an unknown id", get("/session/check", "Cookie: JSESSIONID=unknown")));
        cases.add(differs("session: created", get("/session/create"), Set.of("set-cookie", "expires"), true,
                "Servlet 6.1 §7.1.1: the session id is the container's; Jetty also adds Expires"));
        // Multipart
        cases.add(same("multipart: fields and files", Multipart.request("/upload", Multipart.valid())));
        cases.add(new Case("multipart: a file over maxFileSize", Multipart.request("/upload", Multipart.tooLarge()),
                Set.of("content-length"), false, "RFC 9110 §15.5.14: Loomicorn answers 413 Content Too Large where"
                + " Jetty answers 400; both send the same exception to the error page", 413));
        cases.add(defaultErrorPage("multipart: no closing delimiter", Multipart.request("/upload", Multipart.truncated())));
        cases.add(defaultErrorPage("multipart: a part without a name", Multipart.request("/upload", Multipart.nameless())));
        // Ambiguous paths
        for (String p : List.of("/echo/a%2Fb", "/echo/%2e%2e/x", "/../echo/x", "/echo/a%00b")) {
            cases.add(defaultErrorPage("path: " + p, get(p)));
        }
        return cases;
    }

    Stream<Arguments> casesByClass() {
        List<Arguments> args = new ArrayList<>();
        for (Case c : cases()) {
            for (String k : CLASSES) {
                args.add(Arguments.of(c, k));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("casesByClass")
    void answersAsJettyDoes(Case c, String workerClass) throws Exception {
        HttpResponse expected = Exchanges.exchange(jetty.port(), c.request());
        HttpResponse actual = Exchanges.exchange(ports.get(workerClass), c.request());
        String why = c.why() == null ? "" : " (differs on purpose: " + c.why() + ")";
        String expectedHead = Exchanges.head(expected, c.ignored());
        if (c.status() != 0) {
            assertThat(actual.status()).as("Loomicorn's status" + why).isEqualTo(c.status());
            expectedHead = c.status() + expectedHead.substring(3);
        }
        assertThat(Exchanges.head(actual, c.ignored())).as("status and headers" + why + "\nJetty body:\n"
                        + expected.text() + "\nLoomicorn body:\n" + actual.text())
                .isEqualTo(expectedHead);
        if (c.sameBody()) {
            assertThat(actual.text()).as("body").isEqualTo(expected.text());
        }
    }
}
