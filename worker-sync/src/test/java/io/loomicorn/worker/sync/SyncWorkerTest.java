package io.loomicorn.worker.sync;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.examples.DemoApp;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.InProcessWorker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sync worker class in this JVM, on a real loopback listener. */
class SyncWorkerTest {

    @Test
    void servesOneRequestPerConnectionAndSaysClose() throws Exception {
        try (InProcessWorker w = InProcessWorker.start(new SyncWorkerFactory(), new DemoApp(), Config.defaults());
             HttpTestClient c = w.client()) {
            HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.text()).isEqualTo("Hello, World!");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void theHeartbeatStopsWhileARequestRunsSoThatTheMasterEnforcesTheTimeout() throws Exception {
        // timeout 2 s: beats every second; the engine answers a second before the master would kill.
        Config config = Config.defaults().with(Settings.TIMEOUT, 2);
        try (InProcessWorker w = InProcessWorker.start(new SyncWorkerFactory(), new DemoApp(), config);
             HttpTestClient c = w.client()) {
            awaitBeats(w, 2);
            c.send("GET /sleep?ms=5000 HTTP/1.1\r\nHost: x\r\n\r\n");
            w.awaitRunning(1);
            long during = w.heartbeats.get();
            Thread.sleep(800);
            assertThat(w.heartbeats.get()).as("no beat while the request runs").isEqualTo(during);
            assertThat(c.read().status()).as("answered 503 before the master's kill").isEqualTo(503);
            awaitBeats(w, during + 2);
        }
    }

    @Test
    void shutdownServesTheConnectionsQueuedBehindABusyRequest() throws Exception {
        try (InProcessWorker w = InProcessWorker.start(new SyncWorkerFactory(), new DemoApp(), Config.defaults())) {
            HttpTestClient busy = w.client();
            busy.send("GET /sleep?ms=500 HTTP/1.1\r\nHost: x\r\n\r\n");
            w.awaitRunning(1);
            List<HttpTestClient> queued = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                queued.add(w.client().send("GET /echo?n=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n"));
            }
            w.shutdown(Duration.ofSeconds(10));
            assertThat(busy.read().text()).isEqualTo("slept 500");
            for (int i = 0; i < queued.size(); i++) {
                HttpResponse r = queued.get(i).read();
                assertThat(r.text()).contains("\"query\":\"n=" + i + "\"");
                assertThat(r.header("Connection")).isEqualTo("close");
            }
            assertThat(w.awaitStopped(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void threadsAboveOneAreRefusedWithOneLineNamingVthread() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SyncWorkerFactory()
                        .validate(List.of(), Config.defaults().with(Settings.THREADS, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads = 4").hasMessageContaining("-k vthread");
    }

    private static void awaitBeats(InProcessWorker w, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (w.heartbeats.get() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertThat(w.heartbeats.get()).isGreaterThanOrEqualTo(n);
    }
}
