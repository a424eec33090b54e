package io.loomicorn.e2e;

import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code vthread} request path never pins a carrier: a JFR recording of
 * {@code jdk.VirtualThreadPinned} events with no threshold, taken while the worker serves
 * keep-alive, pipelined, chunked, streaming and sleeping requests, stays empty.
 */
class PinningIT {

    @Test
    void noVirtualThreadIsPinnedUnderLoad(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("pinning.jfr");
        try (LoomicornProcess m = LoomicornProcess.start("-k", "vthread", "-b", "127.0.0.1:0", "--aot-cache", "off",
                "--worker-jvm-args", "-XX:StartFlightRecording=jdk.VirtualThreadPinned#enabled=true,"
                        + "jdk.VirtualThreadPinned#threshold=0ms,filename=" + jfr + ",dumponexit=true",
                "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            MasterIT.withRetry(() -> get(port, "/"));
            // The application's own first-use initialisation (MessageDigest providers) runs once, alone.
            get(port, "/echo");
            LoadClient keepAlive = new LoadClient(port, "/echo", true).start(16);
            LoadClient fresh = new LoadClient(port, "/sleep?ms=5", false).start(8);
            for (int i = 0; i < 50; i++) {
                try (HttpTestClient c = HttpTestClient.connect(port)) {
                    c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                            + "GET /stream?chunks=10&size=2000 HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(c.read().status()).isEqualTo(200);
                    assertThat(c.read().body()).hasSize(20_000);
                }
            }
            Thread.sleep(5_000);
            keepAlive.stop();
            fresh.stop();
            assertThat(keepAlive.failures() + fresh.failures()).isZero();
            assertThat(keepAlive.successes()).isGreaterThan(1_000);
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
        }
        Process print = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                "summary", jfr.toString()).redirectErrorStream(true).start();
        String summary = new String(print.getInputStream().readAllBytes());
        assertThat(print.waitFor()).as(summary).isZero();
        assertThat(summary).contains("jdk.VirtualThreadStart");
        Process events = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                "print", "--events", "jdk.VirtualThreadPinned", jfr.toString()).redirectErrorStream(true).start();
        String pinned = new String(events.getInputStream().readAllBytes());
        assertThat(events.waitFor()).isZero();
        // Every event on the request path has Loomicorn's frames in its stack (the engine,
        // the dispatcher). The JDK's own poller threads may wait once for a class
        // initialiser at start-up; that is not on the request path.
        List<String> onRequestPath = Arrays.stream(pinned.split("(?=jdk\\.VirtualThreadPinned \\{)"))
                .filter(e -> e.startsWith("jdk.VirtualThreadPinned") && e.contains("io.loomicorn"))
                .toList();
        assertThat(onRequestPath).as("virtual threads pinned on the request path").isEmpty();
    }
}
