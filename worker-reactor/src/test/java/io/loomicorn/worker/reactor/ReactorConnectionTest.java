package io.loomicorn.worker.reactor;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.examples.DemoApp;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection driver against a real XNIO worker on loopback, with raw bytes. */
class ReactorConnectionTest {

    private static final String HOST = "Host: localhost\r\n";

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            HttpResponse first = c.exchange("GET / HTTP/1.1\r\n" + HOST + "\r\n");
            HttpResponse second = c.exchange("GET /echo?n=2 HTTP/1.1\r\n" + HOST + "\r\n");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).isEqualTo("Hello, World!");
            assertThat(first.header("Connection")).isNull();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).contains("\"query\":\"n=2\"");
            assertThat(h.in.engine().openConnections()).isEqualTo(1);
            assertThat(h.awaitLogged(2)).extracting(io.loomicorn.testing.InProcessWorker.Logged::status).containsExactly(200, 200);
        }
    }

    @Test
    void answersSixteenPipelinedRequestsInOrder() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                batch.append("GET /echo?i=").append(i).append(" HTTP/1.1\r\n").append(HOST).append("\r\n");
            }
            c.send(batch.toString());
            for (int i = 0; i < 16; i++) {
                HttpResponse r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).contains("\"query\":\"i=" + i + "\"");
            }
            assertThat(c.exchange("GET / HTTP/1.1\r\n" + HOST + "\r\n").text()).isEqualTo("Hello, World!");
        }
    }

    @Test
    void closesAfterConnectionClose() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            HttpResponse r = c.exchange("GET / HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void uploadsAndDownloadsChunkedBodies() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            c.send("POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n");
            HttpResponse echoed = c.read();
            assertThat(echoed.text()).contains("\"body_length\":11", "\"body_sha256\":\"" + sha256("hello world".getBytes()) + "\"",
                    "\"trailers\":[[\"X-Trailer\",\"yes\"]]");

            HttpResponse streamed = c.exchange("GET /stream?chunks=5&size=1000 HTTP/1.1\r\n" + HOST + "\r\n");
            assertThat(streamed.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(streamed.body()).hasSize(5000);
        }
    }

    @Test
    void sendsOneHundredContinueBeforeReadingTheBody() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            c.send("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            HttpResponse interim = c.readHead();
            assertThat(interim.status()).isEqualTo(100);
            c.send("hello");
            HttpResponse r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("\"body_length\":5");
            assertThat(r.header("Connection")).isNull();
        }
    }

    @Test
    void answersABadRequestWith400AndCloses() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void streamsABodyLargerThanTheBufferAndServesThePipelinedRequestAfterIt() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.write(("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: " + body.length + "\r\n\r\n").getBytes());
            wire.write(body);
            wire.write(("GET /echo?after HTTP/1.1\r\n" + HOST + "\r\n").getBytes());
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.send(wire.toByteArray());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            HttpResponse r = c.read();
            assertThat(r.text()).contains("\"body_length\":" + body.length, "\"body_sha256\":\"" + sha256(body) + "\"");
            assertThat(c.read().text()).contains("\"query\":\"after\"");
            writer.join();
        }
    }

    @Test
    void streamsAChunkedBodyThatOutgrowsTheBuffer() throws Exception {
        byte[] piece = new byte[10_000];
        java.util.Arrays.fill(piece, (byte) 'z');
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(("POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n").getBytes());
        for (int i = 0; i < 50; i++) {
            wire.write((Integer.toHexString(piece.length) + "\r\n").getBytes());
            wire.write(piece);
            wire.write("\r\n".getBytes());
            content.write(piece);
        }
        wire.write("0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.send(wire.toByteArray());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            HttpResponse r = c.read();
            assertThat(r.text()).contains("\"body_length\":" + content.size(),
                    "\"body_sha256\":\"" + sha256(content.toByteArray()) + "\"");
            assertThat(c.read().text()).isEqualTo("Hello, World!");
            writer.join();
        }
    }

    @Test
    void closesAnIdleConnectionAfterTheHeaderTimeout() throws Exception {
        Config config = Config.defaults().with(Settings.HEADER_TIMEOUT, 1);
        try (ReactorHarness h = ReactorHarness.start(new DemoApp(), config); HttpTestClient c = h.client()) {
            long start = System.nanoTime();
            assertThat(c.isClosedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(800L, 5000L);
        }
    }

    @Test
    void workerConnectionsCapsOpenConnectionsAndTheNextClientWaitsInTheBacklog() throws Exception {
        Config config = Config.defaults().with(Settings.WORKER_CONNECTIONS, 2);
        try (ReactorHarness h = ReactorHarness.start(new DemoApp(), config);
             HttpTestClient first = h.client(); HttpTestClient second = h.client();
             java.net.Socket third = new java.net.Socket("127.0.0.1", h.port)) {
            assertThat(first.exchange("GET / HTTP/1.1\r\n" + HOST + "\r\n").status()).isEqualTo(200);
            assertThat(second.exchange("GET / HTTP/1.1\r\n" + HOST + "\r\n").status()).isEqualTo(200);
            third.getOutputStream().write(("GET / HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.US_ASCII));
            third.setSoTimeout(700);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> third.getInputStream().read())
                    .as("not accepted while two connections are open").isInstanceOf(java.net.SocketTimeoutException.class);
            first.close();
            third.setSoTimeout(10_000);
            String head = new String(third.getInputStream().readNBytes(15), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
