package io.loomicorn.worker.reactor;

import io.loomicorn.app.App;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow readers: the server never queues more than the high-water mark per connection,
 * whoever writes (the I/O thread, a virtual thread, a file transfer).
 */
class ReactorBackPressureTest {

    private static final int BIG = 24 * 1024 * 1024;

    @Test
    void anInlineApplicationWritingToASlowReaderQueuesAtMostTheMark() throws Exception {
        byte[] block = pattern(64 * 1024);
        App app = (req, resp) -> {
            resp.headers().set("Content-Length", Integer.toString(BIG));
            OutputStream out = resp.body();
            for (int sent = 0; sent < BIG; sent += block.length) {
                out.write(block);
            }
        };
        try (ReactorHarness h = ReactorHarness.start(app); HttpTestClient c = h.client()) {
            c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            ReactorConnection conn = h.onlyConnection();
            Thread.sleep(500); // the client does not read yet: the kernel buffers fill up
            HttpResponse r = c.read();
            assertThat(r.body()).hasSize(BIG);
            assertThat(Arrays.equals(r.body(), 0, block.length, block, 0, block.length)).isTrue();
            assertThat(conn.responseChannel().peakQueuedHeap()).isLessThanOrEqualTo(ConduitResponseChannel.HIGH_WATER);
            assertThat(conn.responseChannel().loopWaits()).as("the I/O thread waited for the socket").isPositive();
            assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            assertThat(conn.responseChannel().holdsQueue()).as("the queue went once it drained").isFalse();
        }
    }

    @Test
    void aChunkedResponseToASlowReaderArrivesIntactThroughPartialGatheredWrites() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new io.loomicorn.examples.DemoApp()); HttpTestClient c = h.client()) {
            c.send("GET /stream?chunks=3000&size=5000 HTTP/1.1\r\nHost: x\r\n\r\n");
            ReactorConnection conn = h.onlyConnection();
            Thread.sleep(500); // the client does not read yet
            HttpResponse r = c.read();
            assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(r.body()).hasSize(3000 * 5000);
            for (int i = 0; i < r.body().length; i += 4999) {
                assertThat(r.body()[i]).as("byte %d", i).isEqualTo((byte) ('a' + (i % 5000) % 26));
            }
            assertThat(conn.responseChannel().peakQueuedHeap()).isLessThanOrEqualTo(ConduitResponseChannel.HIGH_WATER);
            assertThat(conn.responseChannel().flushedBytes()).as("bytes went through the queue").isPositive();
            assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            assertThat(conn.responseChannel().holdsQueue()).as("the queue went once it drained").isFalse();
        }
    }

    @Test
    void aStreamedRequestWritingToASlowReaderParksItsVirtualThreadNotTheLoop() throws Exception {
        // Echoes the body back as it reads it: a 6 MiB upload (streamed: above the buffer limit).
        App app = (req, resp) -> {
            resp.headers().set("Content-Length", Long.toString(req.contentLength()));
            byte[] buf = new byte[8192];
            OutputStream out = resp.body();
            try (InputStream in = req.body()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
            }
        };
        byte[] body = pattern(6 * 1024 * 1024);
        try (ReactorHarness h = ReactorHarness.start(app); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", h.port), 5000);
            s.setSoTimeout(20_000);
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ReactorConnection conn = h.onlyConnection();
            Thread.sleep(500); // nobody reads the response yet
            // Meanwhile the loop serves others: the waiting happens on the request's virtual thread.
            try (HttpTestClient other = h.client()) {
                assertThat(other.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            }
            InputStream in = s.getInputStream();
            byte[] head = readHead(in);
            assertThat(new String(head, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            byte[] echoed = in.readNBytes(body.length);
            upload.get(20, TimeUnit.SECONDS);
            assertThat(Arrays.equals(echoed, body)).isTrue();
            assertThat(conn.responseChannel().peakQueuedHeap()).isLessThanOrEqualTo(ConduitResponseChannel.HIGH_WATER);
            assertThat(conn.responseChannel().loopWaits()).isZero();
        }
    }

    @Test
    void sendFileGoesOnAsynchronouslyWhenTheSocketIsFull(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        byte[] content = pattern(BIG);
        Files.write(file, content);
        App app = (req, resp) -> resp.sendFile(file);
        try (ReactorHarness h = ReactorHarness.start(app); HttpTestClient c = h.client()) {
            c.send("GET /file HTTP/1.1\r\nHost: x\r\n\r\n");
            ReactorConnection conn = h.onlyConnection();
            Thread.sleep(500); // the client does not read yet
            // The loop is free while the file waits for the client.
            try (HttpTestClient other = h.client()) {
                assertThat(other.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            }
            HttpResponse r = c.read();
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(BIG));
            assertThat(Arrays.equals(r.body(), content)).isTrue();
            assertThat(conn.responseChannel().loopWaits()).isZero();
            assertThat(conn.responseChannel().peakQueuedHeap()).isZero();
            assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        }
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + (i >>> 16));
        }
        return b;
    }

    private static byte[] readHead(InputStream in) throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.EOFException("head cut short: " + b);
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return b.toByteArray();
    }
}
