package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19: operations never cost a request. A worker that stops (TERM, HUP, recycling)
 * serves what the kernel already queued for it, answers the next request of an idle
 * keep-alive connection instead of closing it under its client, and every response after
 * which the server closes says {@code Connection: close}.
 */
@Tag("slow")
class ZeroLossIT {

    private static LoomicornProcess start(String k, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-k", k, "-w", "1", "-b", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        args.add("io.loomicorn.examples.DemoApp");
        return LoomicornProcess.start(args.toArray(String[]::new));
    }

    private static int ready(LoomicornProcess m) throws Exception {
        int port = m.awaitPort();
        m.awaitWorkers(1);
        MasterIT.withRetry(() -> get(port, "/"));
        return port;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void termServesEveryConnectionQueuedOnABusyWorker(String k) throws Exception {
        // One busy sync worker: every new connection waits in the kernel's accept queue.
        try (LoomicornProcess m = start(k, "--backlog", "256", "--worker-connections", "1")) {
            int port = ready(m);
            HttpTestClient busy = HttpTestClient.connect(port);
            busy.send("GET /sleep?ms=1500 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Thread.sleep(300);
            List<HttpTestClient> queued = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                HttpTestClient c = HttpTestClient.connect("127.0.0.1", port, 30_000);
                c.send("GET /echo?n=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                queued.add(c);
            }
            Thread.sleep(300);
            m.signal("TERM");
            assertThat(busy.read().text()).isEqualTo("slept 1500");
            for (int i = 0; i < queued.size(); i++) {
                HttpResponse r = queued.get(i).read();
                assertThat(r.status()).as("queued connection %d", i).isEqualTo(200);
                assertThat(r.text()).contains("\"query\":\"n=" + i + "\"");
                assertThat(r.header("Connection")).isEqualTo("close");
                queued.get(i).close();
            }
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vthread", "reactor"})
    void aClientIdleOnAKeepAliveConnectionAcrossAHupGetsItsNextRequestAnswered(String k) throws Exception {
        // A keepalive longer than the test, so that only the drain can close the connection.
        try (LoomicornProcess m = start(k, "--graceful-timeout", "30", "--keep-alive", "120")) {
            int port = ready(m);
            long oldPid = m.workerPids().getFirst();
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                assertThat(c.exchange("GET /pid HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo(Long.toString(oldPid));
                m.signal("HUP");
                awaitRetired(port, oldPid); // the new generation serves, the old one drains
                Thread.sleep(3_000); // idle far longer than the old 1 s drain quiet period
                HttpResponse r = c.exchange("GET /pid HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).as("answered by the retiring worker").isEqualTo(Long.toString(oldPid));
                assertThat(r.header("Connection")).isEqualTo("close");
                assertThat(c.isClosedByServer()).isTrue();
            }
            assertThat(get(port, "/pid").text()).isNotEqualTo(Long.toString(oldPid));
        }
    }

    /** Waits until new connections no longer reach {@code oldPid}: it has stopped accepting. */
    private static void awaitRetired(int port, long oldPid) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int inARow = 0;
        while (inARow < 5) {
            assertThat(System.nanoTime() - giveUp).as("the old worker still accepts").isNegative();
            String pid = MasterIT.withRetry(() -> get(port, "/pid")).text();
            inARow = pid.equals(Long.toString(oldPid)) ? 0 : inARow + 1;
            Thread.sleep(100);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vthread", "reactor"})
    void aBodyLeftUnreadOverTheDiscardLimitIsAnnouncedWithConnectionClose(String k) throws Exception {
        try (LoomicornProcess m = start(k)) {
            int port = ready(m);
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                int size = 200 * 1024;
                c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n");
                c.send(new byte[size]);
                HttpResponse r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("Connection")).as("the server closes, and says so").isEqualTo("close");
                assertThat(c.isClosedByServer()).isTrue();
            }
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n").send(new byte[1000]);
                assertThat(c.read().header("Connection")).as("a small unread body is dropped").isNull();
                assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vthread", "reactor"})
    void theRequestThatUsesUpMaxRequestsSaysClose(String k) throws Exception {
        try (LoomicornProcess m = start(k, "--max-requests", "3", "--max-requests-jitter", "0")) {
            int port = ready(m); // one request
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").header("Connection")).isNull();
                HttpResponse last = c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(last.status()).isEqualTo(200);
                assertThat(last.header("Connection")).isEqualTo("close");
                assertThat(c.isClosedByServer()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vthread", "reactor"})
    void aServerErrorAndABadRequestSayClose(String k) throws Exception {
        try (LoomicornProcess m = start(k)) {
            int port = ready(m);
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                HttpResponse r = c.exchange("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.header("Connection")).isEqualTo("close");
            }
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n");
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.header("Connection")).isEqualTo("close");
            }
        }
    }
}
