package io.loomicorn.worker.reactor.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reactor worker class in real master and worker JVMs ({@code -k reactor}). */
class ReactorWorkerIT {

    private static final String DEMO = "io.loomicorn.examples.DemoApp";

    @Test
    void servesTheDemoAppRoutesOnKeepAliveConnections() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-b", "127.0.0.1:0", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            try (HttpTestClient c = withRetry(port)) {
                assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("Hello, World!");
                HttpResponse echo = c.exchange("POST /echo?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
                assertThat(echo.text()).contains("\"method\":\"POST\"", "\"query\":\"a=1\"", "\"body_length\":5",
                        "\"remote_addr\":\"127.0.0.1\"");
                assertThat(c.exchange("GET /sleep?ms=50 HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("slept 50");
                HttpResponse stream = c.exchange("GET /stream?chunks=4&size=1000 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(stream.header("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(stream.body()).hasSize(4000);
                HttpResponse bytes = c.exchange("GET /bytes?n=300000 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(bytes.header("Content-Length")).isEqualTo("300000");
                assertThat(bytes.body()).hasSize(300_000);
                c.send("GET /echo?p=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo?p=2 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.read().text()).contains("\"query\":\"p=1\"");
                assertThat(c.read().text()).contains("\"query\":\"p=2\"");
            }
            assertThat(m.log()).contains("Using worker: reactor");
        }
    }

    @Test
    void servesAnIpv4AndAnIpv6ListenerAtOnce() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-b", "127.0.0.1:0", "-b", "[::1]:0", DEMO)) {
            m.awaitPort();
            m.awaitWorkers(1);
            m.awaitLog(l -> l.contains("Listening at: http://[::1]:"), Duration.ofSeconds(10));
            withRetry(m.ports().get(0)).close();
            try (HttpTestClient c = HttpTestClient.connect("::1", m.ports().get(1), 10_000)) {
                HttpResponse r = c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(r.text()).contains("\"remote_addr\":\"0:0:0:0:0:0:0:1\"");
            }
        }
    }

    @Test
    void refusesAUnixBindWithOneLineThatNamesVthread(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("r.sock");
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-b", "unix:" + sock, DEMO)) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(m.log().lines().filter(l -> l.contains("reactor worker cannot serve")).toList())
                    .containsExactly("Error: the reactor worker cannot serve unix:" + sock
                            + " (XNIO has no Unix-socket transport); use -k vthread");
            assertThat(m.workerPids()).isEmpty();
        }
    }

    @Test
    void termLetsAnInFlightRequestFinishAndExitsZero() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-b", "127.0.0.1:0", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            withRetry(port).close();
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                c.send("GET /sleep?ms=2000 HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(500); // the request is in flight
                m.signal("TERM");
                HttpResponse r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("slept 2000");
                assertThat(r.header("Connection")).isEqualTo("close");
            }
            assertThat(m.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void maxRequestsRecyclesWorkersWithoutFailingARequest() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-w", "2", "-b", "127.0.0.1:0",
                "--max-requests", "20", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(2);
            withRetry(port).close();
            Set<Long> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int requests = 0;
            while (seen.size() < 4 && System.nanoTime() - deadline < 0) {
                try (HttpTestClient c = HttpTestClient.connect(port)) {
                    HttpResponse r = c.exchange("GET /pid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    assertThat(r.status()).as("request %d", requests).isEqualTo(200);
                    seen.add(Long.parseLong(r.text().strip()));
                }
                requests++;
            }
            assertThat(seen).hasSizeGreaterThanOrEqualTo(4);
            assertThat(m.log()).contains("Autorestarting worker after current request.");
        }
    }

    @Test
    void streamsAHundredMebibyteUploadThroughEchoInASmallHeap() throws Exception {
        // A 24 MiB heap cannot hold the body: the upload must stream.
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-b", "127.0.0.1:0",
                "--worker-jvm-args", "-Xmx24m -Xms24m", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            withRetry(port).close();
            long length = 100L * 1024 * 1024;
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(60_000);
                CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        byte[] block = new byte[64 * 1024];
                        for (long sent = 0; sent < length; sent += block.length) {
                            for (int i = 0; i < block.length; i++) {
                                block[i] = (byte) ((sent + i) * 13);
                            }
                            synchronized (sha) {
                                sha.update(block);
                            }
                            out.write(block);
                        }
                        out.flush();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                InputStream in = s.getInputStream();
                String response = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
                upload.get(60, TimeUnit.SECONDS);
                String digest;
                synchronized (sha) {
                    digest = HexFormat.of().formatHex(sha.digest());
                }
                assertThat(response).startsWith("HTTP/1.1 200").contains("\"body_length\":" + length,
                        "\"body_sha256\":\"" + digest + "\"");
            }
            assertThat(m.log()).doesNotContain("OutOfMemoryError");
        }
    }

    /** Connects once the worker serves (it boots after the master listens); the connection is kept open. */
    private static HttpTestClient withRetry(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpTestClient c = HttpTestClient.connect(port);
            try {
                HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                if (r.status() == 200) {
                    return c;
                }
                throw new IOException("status " + r.status());
            } catch (IOException e) {
                c.close();
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
