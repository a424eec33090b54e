package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, items 11 to 14: what a gunicorn user trips over with timeouts and concurrency.
 * Each test reproduced the problem before the fix.
 */
class TimeoutsIT {

    private static LoomicornProcess start(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-w", "1", "-b", "127.0.0.1:0"));
        all.addAll(List.of(args));
        all.add("io.loomicorn.examples.DemoApp");
        return LoomicornProcess.start(all.toArray(String[]::new));
    }

    private static int ready(LoomicornProcess m) throws Exception {
        int port = m.awaitPort();
        m.awaitWorkers(1);
        MasterIT.withRetry(() -> get(port, "/"));
        return port;
    }

    /** Item 11: the "Request timed out" line, with its stack, was written every 100 ms until the handler returned. */
    @Test
    void aCpuBoundRequestPastItsTimeoutIsLoggedOnce() throws Exception {
        try (LoomicornProcess m = start("-k", "vthread", "--threads", "2", "--timeout", "1")) {
            int port = ready(m);
            HttpResponse r = get(port, "/spin?ms=4000");
            assertThat(r.status()).isEqualTo(503);
            Thread.sleep(4_000); // the handler ignores its interrupt and spins on
            assertThat(m.count("Request timed out")).isEqualTo(1);
        }
    }

    /** Item 12: a sync request that timed out got an empty reply (the worker was killed first). */
    @Test
    void aSyncRequestThatTimesOutIsAnswered503AndTheWorkerIsReplaced() throws Exception {
        try (LoomicornProcess m = start("-k", "sync", "--timeout", "3")) {
            int port = ready(m);
            long oldPid = m.workerPids().getFirst();
            try (HttpTestClient c = HttpTestClient.connect("127.0.0.1", port, 20_000)) {
                HttpResponse r = c.exchange("GET /spin?ms=8000 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.text()).contains("timeout");
            }
            m.awaitLog(line -> line.contains("Booting worker") && !line.contains(Long.toString(oldPid)),
                    Duration.ofSeconds(30));
            MasterIT.withRetry(() -> get(port, "/"));
            assertThat(get(port, "/pid").text()).isNotEqualTo(Long.toString(oldPid));
        }
    }

    /**
     * Item 13: with -k vthread and the defaults (one worker, one carrier), a cheap request
     * waited for a CPU-bound one to finish (4.3 s behind a 5 s request).
     */
    @Test
    void aHealthCheckAnswersWhileACpuBoundRequestRunsOnDefaultVthread() throws Exception {
        try (LoomicornProcess m = start("-k", "vthread")) {
            int port = ready(m);
            CompletableFuture<Integer> cpu = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(port, "/spin?ms=5000").status();
                } catch (IOException e) {
                    return -1;
                }
            });
            Thread.sleep(500); // the CPU-bound request holds the carrier by now
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertThat(get(port, "/").status()).isEqualTo(200);
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                Thread.sleep(100);
            }
            assertThat(cpu.get(20, TimeUnit.SECONDS)).isEqualTo(200);
            // Generous for a shared CI machine; the point is that nothing waits for the 5 s request.
            assertThat(millis.stream().mapToLong(Long::longValue).min().orElseThrow())
                    .as("health checks took %s ms", millis).isLessThan(1_000);
        }
    }

    /** Item 14: --threads with sync was accepted and silently ignored. */
    @Test
    void syncWithThreadsIsRefusedWithOneLineThatNamesVthread() throws Exception {
        try (LoomicornProcess m = start("-k", "sync", "--threads", "4")) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isNotZero();
            assertThat(m.log()).contains("threads = 4").contains("-k vthread").doesNotContain("\tat ");
        }
    }
}
