package io.loomicorn.e2e;

import io.loomicorn.metrics.ExitCause;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters that never go down (issue 15, section 2): a recycling run with at least 20
 * recycles ({@code max_requests}), a HUP and a worker killed with SIGKILL in the middle,
 * scraped all along; every counter of every scrape is at least what it was in the one before,
 * and at the end the requests counted are the requests sent, and every worker that booted is
 * serving or counted as exited.
 */
class MetricsRecyclingIT {

    private static final int MAX_REQUESTS = 10;
    /** A worker in {@code /status}: its pid, state and the requests it answered. */
    private static final Pattern WORKER = Pattern.compile(
            "\"pid\":(\\d+),[^}]*\"state\":\"(\\w+)\",[^}]*\"requests\":(\\d+)");

    @Test
    void countersAreMonotonicAcrossTwentyRecyclesAHupAndACrash() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--admin-bind", "127.0.0.1:0", "-w", "2",
                "-k", "vthread", "--max-requests", Integer.toString(MAX_REQUESTS), "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            m.awaitWorkers(2);
            MasterIT.withRetry(() -> get(port, "/"));
            String admin = Ops.adminUrl(m);
            long sent = 1;
            Map<String, Double> previous = Ops.scrape(admin);
            boolean hupSent = false;
            boolean killed = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            double recycled = 0;
            while (recycled < 20) {
                assertThat(System.nanoTime() - deadline).as("20 recycles within 5 minutes; %s", previous).isNegative();
                for (int i = 0; i < 5; i++) {
                    assertThat(MasterIT.withRetry(() -> get(port, "/")).status()).isEqualTo(200);
                    sent++;
                }
                Map<String, Double> now = Ops.scrape(admin);
                assertMonotonic(previous, now);
                previous = now;
                recycled = now.get("loomicorn_worker_exits_total{cause=\"recycled\"}");
                if (recycled >= 8 && !hupSent) {
                    m.signal("HUP");
                    hupSent = true;
                }
                if (recycled >= 14 && !killed) {
                    // The crash: SIGKILL for a serving worker that will not recycle by itself in the
                    // meantime (it answered fewer than max_requests), once the master has counted
                    // every request so far. A worker counts a request once its response is written:
                    // the client can read the answer a moment before the count exists, and a SIGKILL
                    // in that moment would take the count along.
                    long pid = 0;
                    for (int tries = 0; pid == 0; tries++) {
                        assertThat(tries).as("a serving worker below max_requests answers /pid").isLessThan(40);
                        long answered = MasterIT.withRetry(() -> E2E.pid(port));
                        sent++;
                        long counted = sent;
                        Ops.await("every request counted", Duration.ofSeconds(10), () -> assertThat(
                                Ops.scrape(admin).get("loomicorn_requests_total{method=\"GET\",status=\"2xx\"}"))
                                .isEqualTo(counted));
                        Matcher w = WORKER.matcher(Ops.body(Ops.curl(admin + "/status")));
                        while (w.find()) {
                            if (Long.parseLong(w.group(1)) == answered && w.group(2).equals("ready")
                                    && Long.parseLong(w.group(3)) < MAX_REQUESTS) {
                                pid = answered;
                            }
                        }
                    }
                    LoomicornProcess.signal(pid, "KILL");
                    killed = true;
                }
            }
            assertThat(Ops.body(Ops.curl(admin + "/status"))).as("the HUP's generation").doesNotContain("\"generation\":0,");
            long expected = sent;
            AtomicReference<Map<String, Double>> last = new AtomicReference<>(previous);
            Ops.await("every request counted and the workers settled", Duration.ofSeconds(30), () -> {
                Map<String, Double> now = Ops.scrape(admin);
                assertMonotonic(last.get(), now);
                last.set(now);
                assertThat(now.get("loomicorn_requests_total{method=\"GET\",status=\"2xx\"}")).isEqualTo(expected);
                assertThat(now.get("loomicorn_request_duration_seconds_count")).isEqualTo(expected);
                assertThat(now.get("loomicorn_worker_exits_total{cause=\"signal\"}")).isEqualTo(1);
                assertThat(now.get("loomicorn_workers{state=\"booting\"}") + now.get("loomicorn_workers{state=\"stopping\"}"))
                        .as("the workers settled").isZero();
                // Every worker that booted is serving or was counted as it exited (so is a replacement
                // the master stopped before it booted). The HUP's old generation counts as stopped, or
                // as recycled when it had used up its requests first.
                double exited = 0;
                for (ExitCause cause : ExitCause.values()) {
                    if (cause != ExitCause.BOOT_FAILED) {
                        exited += now.get("loomicorn_worker_exits_total{cause=\"" + cause.label() + "\"}");
                    }
                }
                double boots = now.get("loomicorn_worker_boots_total");
                assertThat(boots).isGreaterThanOrEqualTo(24);
                assertThat(exited).as("exits counted").isGreaterThanOrEqualTo(boots - 2);
            });
        }
    }

    /** Every counter, histogram bucket, count and sum of {@code now} is at least its value in {@code before}. */
    private static void assertMonotonic(Map<String, Double> before, Map<String, Double> now) {
        for (Map.Entry<String, Double> e : before.entrySet()) {
            String name = e.getKey();
            boolean cumulative = name.contains("_total") || name.contains("_bucket{") || name.endsWith("_count")
                    || name.endsWith("_sum");
            if (cumulative) {
                assertThat(now.get(name)).as("%s never goes down", name).isGreaterThanOrEqualTo(e.getValue());
            }
        }
    }
}
