package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * nginx in front of Loomicorn on a Unix socket, as the seed deploys it: nginx from the
 * system's packages, a minimal configuration written by the test, started on a loopback
 * port and stopped by its pid. {@code .ci/run} installs nginx; without it this test fails
 * with a message, never skips.
 */
class NginxIT {

    private static String nginx;

    @BeforeAll
    static void findNginx() {
        nginx = Stream.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/bin/nginx")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (nginx == null) {
            fail("nginx is not installed: install it (Debian: apt-get install -y nginx-light; .ci/run does this)"
                    + " to run the reverse-proxy test");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread"})
    void requestsThroughNginxOnAUnixSocketSucceed(String k) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "loomicorn-nginx-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path sock = dir.resolve("app.sock");
        int port = freePort();
        try (LoomicornProcess m = LoomicornProcess.start("-k", k, "-w", "2", "-b", "unix:" + sock, "--umask", "0",
                "--keep-alive", "30", "io.loomicorn.examples.DemoApp")) {
            m.awaitLog("Listening at: unix:" + sock, java.time.Duration.ofSeconds(30));
            List<Long> workers = m.awaitWorkers(2);
            // Warm both workers up directly, so that what the JVM opens lazily is in the baseline.
            for (int i = 0; i < 20; i++) {
                MasterIT.withRetry(() -> {
                    try (HttpTestClient c = HttpTestClient.connectUnix(sock)) {
                        return c.exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    }
                });
            }
            Thread.sleep(200);
            long baseline = workers.stream().mapToLong(NginxIT::sockets).sum();
            Process proxy = Nginx.start(nginx, dir, 64, upstream(sock, port));
            try {
                HttpResponse first = MasterIT.withRetry(() -> {
                    try (HttpTestClient c = HttpTestClient.connect(port)) {
                        return c.exchange("GET /echo?via=nginx HTTP/1.1\r\nHost: example\r\n\r\n");
                    }
                });
                assertThat(first.status()).isEqualTo(200);
                assertThat(first.text()).contains("\"query\":\"via=nginx\"", "[\"Host\",\"example\"]");

                try (HttpTestClient c = HttpTestClient.connect(port)) {
                    for (int i = 0; i < 20; i++) {
                        assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("Hello, World!");
                    }
                    StringBuilder chunked = new StringBuilder();
                    StringBuilder plain = new StringBuilder();
                    for (int i = 0; i < 50; i++) {
                        String part = "part-" + i + "-" + "x".repeat(i * 37);
                        chunked.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
                        plain.append(part);
                    }
                    HttpResponse upload = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + chunked + "0\r\n\r\n");
                    assertThat(upload.status()).isEqualTo(200);
                    assertThat(upload.text()).contains("\"body_length\":" + plain.length(), HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(plain.toString().getBytes())));
                    HttpResponse download = c.exchange("GET /stream?chunks=20&size=5000 HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(download.body()).hasSize(100_000);
                }
                Thread.sleep(200);
                long upstream = workers.stream().mapToLong(NginxIT::sockets).sum() - baseline;
                if (k.equals("sync")) {
                    assertThat(upstream).as("sync closes every upstream connection").isZero();
                } else {
                    assertThat(upstream).as("nginx keeps upstream connections alive").isBetween(1L, 8L);
                }
            } finally {
                proxy.destroy(); // SIGTERM to nginx's master, by pid
                if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                    proxy.destroyForcibly();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The sockets a worker holds: its listener and control channel, plus any open connection. */
    private static long sockets(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** An upstream of keep-alive connections to Loomicorn's Unix socket, and a server that proxies to it. */
    private static String upstream(Path sock, int port) {
        return """
                upstream loomicorn {
                    server unix:%1$s;
                    keepalive 8;
                }
                server {
                    listen 127.0.0.1:%2$d;
                    location / {
                        proxy_pass http://loomicorn;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_request_buffering off;
                    }
                }
                """.formatted(sock, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
