package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same end-to-end checks against every built-in worker class, and against {@code nio},
 * the non-blocking third-party example of {@code docs/writing-a-worker.md}, each served by
 * one real master with real worker JVMs. Differences between classes are only the
 * documented ones: {@code sync} closes every connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerClassesIT {

    private final Map<String, LoomicornProcess> servers = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    /** How the suite reaches the servers: plain here, TLS in {@link WorkerClassesOverTlsIT}. */
    Wire wire() {
        return Wire.PLAIN;
    }

    @BeforeAll
    void startOneServerPerClass() throws IOException {
        for (String k : List.of("sync", "vthread", "reactor", "nio")) {
            // sync's worker picks its own collector: worker_jvm_args' collector replaces the
            // default serial one (two would stop the JVM: "Multiple garbage collectors selected").
            String jvmArgs = k.equals("sync") ? "-Xmx48m -XX:+UseParallelGC" : "-Xmx48m";
            List<String> args = new ArrayList<>(List.of("-k", k, "-w", "1", "-b", "127.0.0.1:0", "--timeout", "20",
                    "--worker-jvm-args", jvmArgs, "io.loomicorn.examples.DemoApp"));
            args.addAll(0, wire().serverArgs());
            if (k.equals("nio")) {
                // A third-party class: the non-blocking example of docs/writing-a-worker.md.
                args.addAll(0, List.of("--classpath", PluginJars.nio().toString()));
            }
            servers.put(k, LoomicornProcess.start(args.toArray(String[]::new)));
        }
        for (Map.Entry<String, LoomicornProcess> e : servers.entrySet()) {
            ports.put(e.getKey(), e.getValue().awaitPort());
            e.getValue().awaitWorkers(1);
        }
    }

    @AfterAll
    void stop() {
        servers.values().forEach(LoomicornProcess::close);
    }

    private int port(String k) throws Exception {
        int port = ports.get(k);
        MasterIT.withRetry(() -> wire().get(port, "/"));
        return port;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor", "nio"})
    void echoDescribesTheRequestExactly(String k) throws Exception {
        try (HttpTestClient c = wire().client(port(k))) {
            HttpResponse r = c.exchange("PUT /echo/a%20b?x=1&y=%41 HTTP/1.1\r\nHost: example.com\r\n"
                    + "X-Trace: one\r\nx-trace: two\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.text())
                    .contains("\"method\":\"PUT\"", "\"target\":\"/echo/a%20b?x=1&y=%41\"", "\"path\":\"/echo/a b\"",
                            "\"query\":\"x=1&y=%41\"", "\"version\":\"HTTP/1.1\"",
                            "\"headers\":[[\"Host\",\"example.com\"],[\"X-Trace\",\"one\"],[\"x-trace\",\"two\"],"
                                    + "[\"Content-Length\",\"5\"],[\"Connection\",\"close\"]]",
                            "\"body_length\":5", "\"body_sha256\":\"" + sha256("hello".getBytes()) + "\"",
                            "\"remote_addr\":\"127.0.0.1\"", "\"scheme\":\"" + wire().scheme() + "\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor", "nio"})
    void chunkedUploadWithTrailersAndChunkedDownload(String k) throws Exception {
        try (HttpTestClient c = wire().client(port(k))) {
            HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n");
            assertThat(r.text()).contains("\"body_length\":11", sha256("hello world".getBytes()),
                    "\"trailers\":[[\"X-Checksum\",\"abc\"]]");
        }
        try (HttpTestClient c = wire().client(port(k))) {
            HttpResponse r = c.exchange("GET /stream?chunks=5&size=1000 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(r.body()).hasSize(5000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor", "nio"})
    void http10GetsACloseDelimitedStreamAndHeadGetsNoBody(String k) throws Exception {
        try (HttpTestClient c = wire().client(port(k))) {
            HttpResponse r = c.exchange("GET /stream?chunks=3&size=10 HTTP/1.0\r\n\r\n");
            assertThat(r.version()).isEqualTo("HTTP/1.0");
            assertThat(r.header("Transfer-Encoding")).isNull();
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.body()).hasSize(30);
        }
        try (HttpTestClient c = wire().client(port(k))) {
            HttpResponse r = c.send("HEAD /bytes?n=100 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readHead();
            assertThat(r.header("Content-Length")).isEqualTo("100");
            assertThat(c.readToEnd()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor", "nio"})
    void expectContinueIsAnsweredOnlyWhenTheBodyIsRead(String k) throws Exception {
        try (HttpTestClient c = wire().client(port(k))) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            HttpResponse interim = c.read();
            assertThat(interim.status()).isEqualTo(100);
            HttpResponse r = c.send("ping").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("\"body_length\":4");
        }
        try (HttpTestClient c = wire().client(port(k))) {
            // /pid never reads the body: no 100 Continue, and the connection cannot be reused.
            HttpResponse r = c.exchange("POST /pid HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor", "nio"})
    void badRequestsGetAStatusAndACloseAndNothingAfterThemRuns(String k) throws Exception {
        try (HttpTestClient c = wire().client(port(k))) {
            HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "GET /exit HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
        }
        assertThat(wire().get(port(k), "/").status()).as("the smuggled /exit never ran").isEqualTo(200);
        try (HttpTestClient c = wire().client(port(k))) {
            HttpResponse r = c.exchange("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.status()).isEqualTo(414);
        }
        try (HttpTestClient c = wire().client(port(k))) {
            HttpResponse r = c.exchange("GET / HTTP/2.0\r\nHost: x\r\n\r\n");
            assertThat(r.status()).isEqualTo(505);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vthread", "reactor", "nio"})
    void keepAliveReusesTheConnectionAndPipelinedRequestsAreAnsweredInOrder(String k) throws Exception {
        try (HttpTestClient c = wire().client(port(k))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse r = c.exchange("GET /echo?i=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(r.header("Connection")).isNull();
                assertThat(r.text()).contains("\"query\":\"i=" + i + "\"");
            }
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                pipeline.append("GET /echo?p=").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            c.send(pipeline.toString());
            for (int i = 0; i < 16; i++) {
                assertThat(c.read().text()).contains("\"query\":\"p=" + i + "\"");
            }
        }
    }

    @Test
    void syncClosesAfterEveryResponse() throws Exception {
        try (HttpTestClient c = wire().client(port("sync"))) {
            HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor", "nio"})
    void aHundredMebibyteUploadStreamsThroughASmallHeap(String k) throws Exception {
        long size = 100L * 1024 * 1024;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long workerPid = wire().pid(port(k));
        long rssBefore = rssKib(workerPid);
        try (Socket s = wire().socket(port(k), 60_000)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (i * 31);
            }
            for (long sent = 0; sent < size; sent += block.length) {
                out.write(block);
                sha.update(block);
            }
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200 ").contains("\"body_length\":" + size,
                    HexFormat.of().formatHex(sha.digest()));
        }
        // The worker runs with -Xmx48m, so buffering the body would have failed outright;
        // its resident memory must not have grown by the upload's size either.
        long grownKib = rssKib(workerPid) - rssBefore;
        assertThat(grownKib).as("RSS growth in KiB").isLessThan(24 * 1024);
    }

    /**
     * {@code /bytes?n=1048576} is DemoApp's whole shared read-only direct buffer, sent with
     * {@code Response.send(ByteBuffer)}: larger than the body buffer and the reactor's queue,
     * and sent again, whole, to the next request on the connection.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor", "nio"})
    void aSharedDirectBufferIsSentWholeToEveryRequest(String k) throws Exception {
        int n = 1024 * 1024;
        byte[] expected = new byte[n];
        for (int i = 0; i < n; i++) {
            expected[i] = (byte) ('a' + (i % (64 * 1024)) % 26); // DemoApp's 64 KiB fill, repeated
        }
        String get = "GET /bytes?n=" + n + " HTTP/1.1\r\nHost: x\r\n\r\n";
        try (HttpTestClient c = wire().client(port(k))) {
            c.send(get + get);
            Thread.sleep(100); // the server's writes stop part way until the client reads
            for (int i = 0; i < (k.equals("sync") ? 1 : 2); i++) {
                HttpResponse r = c.read();
                assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(n));
                assertThat(r.body()).as("response %d", i).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor", "nio"})
    void aSlowClientIsServedCompletely(String k) throws Exception {
        try (Socket s = wire().socket(port(k), 30_000)) {
            byte[] request = "GET /bytes?n=3000000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            for (byte b : request) {
                out.write(b);
                out.flush();
                Thread.sleep(2);
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            long total = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
                if (total < 200_000) {
                    Thread.sleep(1); // read slowly at first: the server must wait, not drop or buffer without end
                }
            }
            assertThat(total).isGreaterThan(3_000_000);
        }
    }

    @Test
    void oneVthreadWorkerHoldsAThousandConcurrentConnections() throws Exception {
        List<String> args = new ArrayList<>(wire().serverArgs());
        args.addAll(List.of("-k", "vthread", "-w", "1", "-b", "127.0.0.1:0",
                "--worker-connections", "1000", "--backlog", "2048", "io.loomicorn.examples.DemoApp"));
        try (LoomicornProcess m = LoomicornProcess.start(args.toArray(String[]::new))) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            MasterIT.withRetry(() -> wire().get(port, "/"));
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    Socket s = wire().socket(port, 30_000);
                    s.getOutputStream().write("GET /sleep?ms=3000 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    sockets.add(s);
                }
                long start = System.nanoTime();
                List<CompletableFuture<String>> replies = new ArrayList<>();
                for (Socket s : sockets) {
                    replies.add(CompletableFuture.supplyAsync(() -> statusLine(s)));
                }
                for (CompletableFuture<String> f : replies) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
                }
                // All thousand slept at once: far less than 1000 × 3 s.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    private static String statusLine(Socket s) {
        try {
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                sb.append((char) c);
            }
            return sb.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
