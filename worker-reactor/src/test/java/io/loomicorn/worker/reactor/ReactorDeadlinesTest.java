package io.loomicorn.worker.reactor;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.examples.DemoApp;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-request timeout, keep-alive idle timeout and the heartbeat, as the watchdog enforces them. */
class ReactorDeadlinesTest {

    private static final Config ONE_SECOND = Config.defaults().with(Settings.TIMEOUT, 1);

    @Test
    void anInlineRequestPastItsTimeoutGets503AndIsInterruptedWithoutHurtingTheLoop() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp(), ONE_SECOND); HttpTestClient c = h.client()) {
            long start = System.nanoTime();
            HttpResponse r = c.exchange("GET /sleep?ms=20000 HTTP/1.1\r\nHost: x\r\n\r\n");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.text()).contains("timeout");
            assertThat(elapsedMillis).isLessThan(10_000);
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(h.awaitLogged(1)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.accessLog.getFirst().status()).isEqualTo(503);
            assertThat(h.accessLog.getFirst().target()).isEqualTo("/sleep?ms=20000");
            // The interrupt was for the request, not for the event loop: it still serves,
            // and it does not spin (a leftover interrupt makes every select return at once).
            try (HttpTestClient next = h.client()) {
                assertThat(next.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            }
            Thread io = h.firstLoop();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpuBefore = mx.getThreadCpuTime(io.threadId());
            Thread.sleep(500);
            long cpuMillis = (mx.getThreadCpuTime(io.threadId()) - cpuBefore) / 1_000_000;
            assertThat(cpuMillis).as("I/O thread CPU while idle").isLessThan(150);
        }
    }

    @Test
    void aRequestWhoseBodyNeverArrivesGets503() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp(), ONE_SECOND); HttpTestClient c = h.client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            HttpResponse r = c.read();
            assertThat(r.status()).isEqualTo(503);
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(h.awaitLogged(1)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.accessLog.getFirst().status()).isEqualTo(503);
            assertThat(h.in.engine().completedRequests()).as("counted toward max_requests").isEqualTo(1);
        }
    }

    @Test
    void aStreamedRequestPastItsTimeoutGets503AndItsThreadIsInterrupted() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        App app = (req, resp) -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                seen.complete(e);
                throw e;
            }
        };
        try (ReactorHarness h = ReactorHarness.start(app, ONE_SECOND); HttpTestClient c = h.client()) {
            int length = 64 * 1024 * 4;
            c.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n");
            c.send(new byte[length]);
            HttpResponse r = c.read();
            assertThat(r.status()).isEqualTo(503);
            assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(h.awaitLogged(1)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.accessLog.getFirst().status()).isEqualTo(503);
        }
    }

    @Test
    void closesAKeepAliveConnectionAfterItsIdleTimeout() throws Exception {
        Config config = Config.defaults().with(Settings.KEEPALIVE, 1);
        try (ReactorHarness h = ReactorHarness.start(new DemoApp(), config); HttpTestClient c = h.client()) {
            assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(c.isClosedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(700L, 8000L);
        }
    }

    @Test
    void theHeartbeatStopsWhileALoopIsStuckPastItsRequestsTimeoutAndResumesAfter() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp(), ONE_SECOND); HttpTestClient c = h.client()) {
            awaitBeats(h, 3);
            // /spin ignores interrupts: the loop is stuck for 6 s although the request timed out after 1 s.
            c.send("GET /spin?ms=6000 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(503); // answered by the watchdog at ~1 s
            // Deadline (1 s) + allowance (1 s) + a stale tick: no beat from ~2.1 s to 6 s after the request.
            Thread.sleep(1800);
            long during = h.heartbeats.get();
            Thread.sleep(1000);
            assertThat(h.heartbeats.get()).as("no heartbeat while the loop is stuck").isEqualTo(during);
            awaitBeats(h, during + 3);
        }
    }

    private static void awaitBeats(ReactorHarness h, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (h.heartbeats.get() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertThat(h.heartbeats.get()).isGreaterThanOrEqualTo(n);
    }
}
