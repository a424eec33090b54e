package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.loomicorn.e2e.E2E.get;
import static io.loomicorn.e2e.Ops.body;
import static io.loomicorn.e2e.Ops.curl;
import static io.loomicorn.e2e.Ops.scrape;
import static io.loomicorn.e2e.Ops.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master's admin endpoint (issue 15, section 1), asked with {@code curl}, its
 * {@code /metrics} checked with Prometheus's {@code promtool check metrics}.
 */
class AdminIT {

    private static final String DEMO = "io.loomicorn.examples.DemoApp";

    private static LoomicornProcess start(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-b", "127.0.0.1:0", "--admin-bind", "127.0.0.1:0"));
        all.addAll(List.of(args));
        all.add(DEMO);
        return LoomicornProcess.start(all.toArray(String[]::new));
    }

    private static int ready(LoomicornProcess m, int workers) throws Exception {
        int port = m.awaitPort();
        m.awaitWorkers(workers);
        MasterIT.withRetry(() -> get(port, "/"));
        return port;
    }

    @Test
    void livezReadyzStatusAndMetricsAnswerCurlTheMetricsPassPromtoolAndBadRequestsGet4xx() throws Exception {
        try (LoomicornProcess m = start("-k", "vthread", "-w", "2")) {
            int port = ready(m, 2);
            String admin = Ops.adminUrl(m);
            int ok = 1; // the readiness probe above
            for (int i = 0; i < 20; i++) {
                assertThat(get(port, "/").status()).isEqualTo(200);
                ok++;
            }
            assertThat(get(port, "/missing").status()).isEqualTo(404);
            assertThat(get(port, "/fail").status()).isEqualTo(500);
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                assertThat(c.exchange("GET / HTTP/1.1\r\n\r\n").status()).as("no Host").isEqualTo(400);
            }
            int expectedOk = ok;

            Ops.Run livez = curl(admin + "/livez");
            assertThat(status(livez)).isEqualTo(200);
            assertThat(body(livez)).isEqualTo("ok\n");
            Ops.await("both workers serving", Duration.ofSeconds(60), () -> {
                Ops.Run readyz = curl(admin + "/readyz");
                assertThat(status(readyz)).isEqualTo(200);
                assertThat(body(readyz)).isEqualTo("ready: 2 of 2 workers serve (1 needed)\n");
            });

            Ops.Run status = curl(admin + "/status");
            assertThat(status(status)).isEqualTo(200);
            assertThat(status.out()).contains("Content-Type: application/json");
            String json = body(status);
            for (long pid : m.workerPids()) {
                assertThat(json).contains("\"pid\":" + pid + ",");
            }
            assertThat(json).contains("\"state\":\"ready\"", "\"busy\":false", "\"rss_bytes\":", "\"worker_class\":\"vthread\"",
                    "\"worker_heap\":\"-Xmx", "\"pid\":" + m.pid() + ",");

            Ops.await("the counters", Duration.ofSeconds(10), () -> {
                Map<String, Double> metrics = scrape(admin);
                assertThat(metrics.get("loomicorn_requests_total{method=\"GET\",status=\"2xx\"}")).isEqualTo(expectedOk);
                assertThat(metrics.get("loomicorn_requests_total{method=\"GET\",status=\"4xx\"}")).isEqualTo(1);
                assertThat(metrics.get("loomicorn_requests_total{method=\"GET\",status=\"5xx\"}")).isEqualTo(1);
                assertThat(metrics.get("loomicorn_parse_errors_total{kind=\"missing_host\"}")).isEqualTo(1);
                assertThat(metrics.get("loomicorn_request_duration_seconds_count")).isEqualTo(expectedOk + 2);
                assertThat(metrics.get("loomicorn_log_messages_total{level=\"exception\"}")).as("/fail's stack trace").isOne();
                assertThat(metrics.get("loomicorn_log_messages_total{level=\"warning\"}")).as("the missing Host").isOne();
                assertThat(metrics.get("loomicorn_workers{state=\"idle\"}")).isEqualTo(2);
                assertThat(metrics.get("loomicorn_workers_target")).isEqualTo(2);
                assertThat(metrics.get("loomicorn_worker_boots_total")).isEqualTo(2);
                assertThat(metrics.get("loomicorn_worker_boot_duration_seconds_count")).isEqualTo(2);
                assertThat(metrics.get("loomicorn_listen_backlog{listener=\"http://127.0.0.1:" + port + "\"}")).isZero();
                assertThat(metrics.get("loomicorn_requests_in_flight")).isZero();
            });

            // Bad requests to the admin endpoint get 4xx and never reach the application.
            Ops.Run post = curl(admin + "/metrics", "-X", "POST");
            assertThat(status(post)).isEqualTo(405);
            assertThat(post.out()).contains("Allow: GET, HEAD");
            assertThat(status(curl(admin + "/pid"))).as("a route of the application, not of the admin endpoint").isEqualTo(404);
            assertThat(status(curl(admin + "/"))).isEqualTo(404);
            URI uri = URI.create(admin);
            try (HttpTestClient c = HttpTestClient.connect(uri.getHost(), uri.getPort(), 10_000)) {
                assertThat(c.exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n").status()).isEqualTo(400);
            }
            try (HttpTestClient c = HttpTestClient.connect(uri.getHost(), uri.getPort(), 10_000)) {
                assertThat(c.exchange("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(414);
            }
            assertThat(status(curl(admin + "/livez", "-I"))).isEqualTo(200);
            assertThat(scrape(admin).get("loomicorn_requests_total{method=\"GET\",status=\"2xx\"}"))
                    .as("the application saw none of them").isEqualTo(expectedOk);
            assertThat(m.log()).doesNotContain("Traceback", "Exception in thread");
        }
    }

    @Test
    void itAnswersWhileEveryWorkerIsBusyAndReadyzIs503FromTheMomentTermArrivesWhileTheyDrain() throws Exception {
        try (LoomicornProcess m = start("-k", "sync", "-w", "2", "--timeout", "60", "--graceful-timeout", "30")) {
            int port = ready(m, 2);
            String admin = Ops.adminUrl(m);
            Ops.await("both workers serving", Duration.ofSeconds(60),
                    () -> assertThat(body(curl(admin + "/readyz"))).startsWith("ready: 2 of 2"));
            List<CompletableFuture<HttpResponse>> stuck = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CompletableFuture<HttpResponse> f = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> {
                    try (HttpTestClient c = HttpTestClient.connect("127.0.0.1", port, 60_000)) {
                        f.complete(c.exchange("GET /sleep?ms=15000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
                    } catch (IOException e) {
                        f.completeExceptionally(e);
                    }
                });
                stuck.add(f);
            }
            Ops.await("both workers busy", Duration.ofSeconds(6), () -> {
                Map<String, Double> metrics = scrape(admin);
                assertThat(metrics.get("loomicorn_workers{state=\"busy\"}")).isEqualTo(2);
                assertThat(metrics.get("loomicorn_requests_in_flight")).isEqualTo(2);
            });
            assertThat(body(curl(admin + "/status"))).contains("\"busy\":true", "\"in_flight\":1");
            assertThat(status(curl(admin + "/livez"))).isEqualTo(200);
            assertThat(status(curl(admin + "/readyz"))).as("busy workers still serve").isEqualTo(200);

            m.signal("TERM");
            Ops.await("readyz 503", Duration.ofSeconds(2), () -> {
                Ops.Run readyz = curl(admin + "/readyz");
                assertThat(status(readyz)).isEqualTo(503);
                assertThat(body(readyz)).isEqualTo("stopping\n");
            });
            assertThat(stuck).as("the workers still drain").noneMatch(CompletableFuture::isDone);
            assertThat(status(curl(admin + "/livez"))).isEqualTo(200);
            for (CompletableFuture<HttpResponse> f : stuck) {
                assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void withAShutdownDelayNewConnectionsAreServedWhileReadyzIs503ThenTheStopBegins() throws Exception {
        try (LoomicornProcess m = start("-k", "vthread", "-w", "1", "--shutdown-delay", "3")) {
            int port = ready(m, 1);
            String admin = Ops.adminUrl(m);
            m.signal("TERM");
            Ops.await("readyz 503", Duration.ofSeconds(2),
                    () -> assertThat(status(curl(admin + "/readyz"))).isEqualTo(503));
            assertThat(get(port, "/").status()).as("a new connection during the delay is served").isEqualTo(200);
            assertThat(m.awaitLog("Stopping in 3 s (shutdown_delay)", Duration.ofSeconds(5))).contains("/readyz answers 503");
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(m.log()).contains("Shutting down: Master");
        }
    }

    @Test
    void aUnixSocketAdminEndpoint(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("admin.sock");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--admin-bind", "unix:" + socket, "-w", "1",
                DEMO)) {
            ready(m, 1);
            assertThat(Ops.adminUrl(m)).isEqualTo("unix:" + socket);
            Ops.Run readyz = curl("http://localhost/readyz", "--unix-socket", socket.toString());
            assertThat(status(readyz)).isEqualTo(200);
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void anAdminAddressThatCannotBeBoundStopsTheStartInOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--admin-bind",
                     "127.0.0.1:" + taken.getLocalPort(), DEMO)) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(m.log()).contains("Error: can't bind the admin endpoint at 127.0.0.1:" + taken.getLocalPort());
            assertThat(m.log()).doesNotContain("\tat ");
        }
    }
}
