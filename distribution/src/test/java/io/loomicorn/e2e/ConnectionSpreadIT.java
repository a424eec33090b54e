package io.loomicorn.e2e;

import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, goal 5: keep-alive connections opened at once spread over the workers. Both
 * workers wait on the same inherited listener and the kernel wakes them all for each
 * connection; a worker that took every connection queued at its wakeup (XNIO's accept loop
 * takes up to 128) held 49 of 50.
 */
class ConnectionSpreadIT {

    private static final int CONNECTIONS = 50;

    /**
     * Waits until both workers accept: a worker that has not started accepting yet is out of
     * the share, and the other one takes everything meanwhile. Connections are held open so
     * that the first worker, above its share, leaves the next ones to the second.
     */
    private static void awaitBothAccepting(int port) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Set<String> seen = new HashSet<>();
        while (seen.size() < 2) {
            assertThat(System.nanoTime()).as("both workers answered within 60 s").isLessThan(deadline);
            List<HttpTestClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < 8 && seen.size() < 2; i++) {
                    HttpTestClient c = HttpTestClient.connect(port);
                    held.add(c);
                    seen.add(c.exchange("GET /pid HTTP/1.1\r\nHost: x\r\n\r\n").text().strip());
                }
            } finally {
                for (HttpTestClient c : held) {
                    c.close();
                }
            }
            Thread.sleep(200);
        }
        Thread.sleep(500); // the workers see those connections close
    }

    @ParameterizedTest
    @ValueSource(strings = {"vthread", "reactor"})
    void fiftyKeepAliveConnectionsOpenedAtOnceLeaveNoWorkerOfTwoWithMoreThanSixtyPercent(String k) throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-k", k, "-w", "2", "-b", "127.0.0.1:0",
                "--keep-alive", "60", "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            m.awaitWorkers(2);
            MasterIT.withRetry(() -> get(port, "/"));
            awaitBothAccepting(port);
            List<HttpTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    clients.add(HttpTestClient.connect(port));
                }
                Map<String, Integer> perWorker = new TreeMap<>();
                for (HttpTestClient c : clients) {
                    String pid = c.exchange("GET /pid HTTP/1.1\r\nHost: x\r\n\r\n").text().strip();
                    perWorker.merge(pid, 1, Integer::sum);
                }
                assertThat(perWorker.keySet()).as("workers holding connections: %s", perWorker)
                        .containsExactlyInAnyOrderElementsOf(m.workerPids().stream().map(String::valueOf).toList());
                assertThat(perWorker.values()).as("connections per worker: %s", perWorker)
                        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(CONNECTIONS * 60 / 100));
            } finally {
                for (HttpTestClient c : clients) {
                    c.close();
                }
            }
        }
    }
}
