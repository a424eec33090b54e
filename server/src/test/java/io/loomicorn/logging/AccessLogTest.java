package io.loomicorn.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log's file output: text, JSON, batching, reopen and the final flush. */
class AccessLogTest {

    @AfterEach
    void reset() {
        LoggingFixture.reset();
    }

    @Test
    void offByDefault(@TempDir Path dir) throws Exception {
        Logging.apply(LoggingFixture.errorOnly(dir.resolve("error.log")));
        assertThat(Logging.accessLog()).isSameAs(AccessLog.NONE);
    }

    @Test
    void textLinesAreBatchedAndWrittenWithinTheFlushInterval(@TempDir Path dir) throws Exception {
        Path access = dir.resolve("access.log");
        Logging.apply(LoggingFixture.withAccess(LoggingFixture.errorOnly(dir.resolve("error.log")), access.toString(),
                "%(r)s %(s)s %(a)s", false));
        LoggingFixture.logRequest("/one", 200);
        LoggingFixture.logRequest("/two", 500);
        assertThat(LoggingFixture.awaitLine(access, l -> l.contains("/two")))
                .containsExactly("GET /one HTTP/1.1 200 fixture", "GET /two HTTP/1.1 500 fixture");
    }

    @Test
    void stoppingWritesEveryBufferedLine(@TempDir Path dir) throws Exception {
        Path access = dir.resolve("access.log");
        Logging.apply(LoggingFixture.withAccess(LoggingFixture.errorOnly(dir.resolve("error.log")), access.toString(),
                "%(U)s", false));
        for (int i = 0; i < 5000; i++) {
            LoggingFixture.logRequest("/" + i, 200);
        }
        // What the JVM shutdown hook does when a worker exits.
        ServerLoggerContext.stop();
        assertThat(LoggingFixture.lines(access)).hasSize(5000);
    }

    @Test
    void jsonLinesCarryTheFields(@TempDir Path dir) throws Exception {
        Path access = dir.resolve("access.json");
        Logging.apply(LoggingFixture.withAccess(LoggingFixture.errorOnly(dir.resolve("error.log")), access.toString(),
                AccessLogFormat.DEFAULT, true));
        StubExchange.StubRequest request = new StubExchange.StubRequest();
        request.headers.add("User-Agent", "say \"hi\"");
        StubExchange.StubResponse response = new StubExchange.StubResponse();
        response.status = 201;
        Logging.accessLog().log(request, response, 13, 2_500_000);
        List<String> lines = LoggingFixture.awaitLine(access, l -> l.startsWith("{"));
        assertThat(lines).hasSize(1);
        String json = lines.getFirst();
        assertThat(json).matches("^\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}([+-]\\d\\d:\\d\\d|Z)\",.*}$");
        assertThat(json).contains(
                "\"remote_addr\":\"192.0.2.7\"",
                "\"request\":\"GET /a%20b?x=1 HTTP/1.1\"",
                "\"method\":\"GET\"",
                "\"path\":\"/a b\"",
                "\"query\":\"x=1\"",
                "\"protocol\":\"HTTP/1.1\"",
                "\"status\":201",
                "\"bytes\":13",
                "\"user_agent\":\"say \\\"hi\\\"\"",
                "\"duration_us\":2500",
                "\"pid\":" + LoggingFixture.PID);
        assertThat(json).doesNotContain("referer", "\"user\"", "tls_");

        request.tls = StubExchange.tls13();
        Logging.accessLog().log(request, response, 13, 2_500_000);
        String tls = LoggingFixture.awaitLine(access, l -> l.contains("tls_")).getLast();
        assertThat(tls).contains("\"tls_cipher\":\"TLS_AES_128_GCM_SHA256\"", "\"tls_protocol\":\"TLSv1.3\"");
    }

    @Test
    void reopenMovesNewLinesToANewFileAndLosesNone(@TempDir Path dir) throws Exception {
        Path access = dir.resolve("access.log");
        Path error = dir.resolve("error.log");
        Logging.apply(LoggingFixture.withAccess(LoggingFixture.errorOnly(error), access.toString(), "%(U)s", false));
        StubExchange.StubRequest request = new StubExchange.StubRequest();
        StubExchange.StubResponse response = new StubExchange.StubResponse();
        for (int i = 0; i < 100; i++) {
            request.path = "/before-" + i;
            Logging.accessLog().log(request, response, 0, 0);
        }
        ServerLog.ERROR.info("before");
        Files.move(access, dir.resolve("access.log.1"));
        Files.move(error, dir.resolve("error.log.1"));
        for (int i = 0; i < 100; i++) {
            request.path = "/moved-" + i; // logged after logrotate moved the file, before USR1
            Logging.accessLog().log(request, response, 0, 0);
        }
        Logging.reopen();
        for (int i = 0; i < 100; i++) {
            request.path = "/after-" + i;
            Logging.accessLog().log(request, response, 0, 0);
        }
        ServerLog.ERROR.info("after");
        ServerLoggerContext.stop();
        List<String> old = LoggingFixture.lines(dir.resolve("access.log.1"));
        List<String> fresh = LoggingFixture.lines(access);
        assertThat(old).containsExactlyElementsOf(IntStream.range(0, 200)
                .mapToObj(i -> i < 100 ? "/before-" + i : "/moved-" + (i - 100)).toList());
        assertThat(fresh).containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "/after-" + i).toList());
        assertThat(LoggingFixture.lines(dir.resolve("error.log.1"))).singleElement().asString().endsWith("before");
        assertThat(LoggingFixture.lines(error)).singleElement().asString().endsWith("after");
    }
}
