package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JVM memory that fits a container (issue 15, section 5), for real: the master and four
 * workers run in a 1 GiB memory cgroup the test creates (v2 where the memory controller is
 * there, else v1; it needs root and is skipped otherwise), and an application route keeps
 * what it allocates. Each worker's default heap is its share of the limit, so a worker runs
 * out of heap and exits (-XX:+ExitOnOutOfMemoryError) before the cgroup fills: the kernel
 * kills nothing, the master logs which worker and why, counts it and replaces it, and the
 * server keeps serving. The cgroup is removed afterwards.
 */
class MemoryLimitIT {

    private static final long LIMIT = 1L << 30;

    @TempDir
    Path dir;

    private static final String LEAKY = """
            package demo;
            public final class Leaky implements io.loomicorn.app.App {
                private static final java.util.List<byte[]> KEPT = new java.util.ArrayList<>();
                public void handle(io.loomicorn.app.Request q, io.loomicorn.app.Response r) throws java.io.IOException {
                    if (q.path().equals("/leak")) {
                        synchronized (KEPT) {
                            for (int i = 0; i < 8; i++) {
                                KEPT.add(new byte[1 << 20]);
                            }
                            r.send("kept " + KEPT.size() + " MiB");
                        }
                    } else {
                        r.send("ok");
                    }
                }
            }
            """;

    @Test
    void workersRunOutOfHeapBeforeTheCgroupFillsAndTheServerKeepsServing() throws Exception {
        MemoryCgroup cgroup = MemoryCgroup.create(LIMIT);
        Assumptions.assumeTrue(cgroup != null, "needs root and a writable memory cgroup (v1 or v2)");
        try {
            Path classes = TestApps.compile(dir.resolve("classes"), LEAKY);
            List<String> enter = List.of("sh", "-c", "echo $$ > " + cgroup.procs() + " && exec \"$@\"", "sh");
            try (LoomicornProcess m = LoomicornProcess.startVia(enter, "-b", "127.0.0.1:0", "--admin-bind", "127.0.0.1:0",
                    "-w", "4", "-k", "vthread", "--classpath", classes.toString(), "--aot-cache", "off", "demo.Leaky")) {
                int port = m.awaitPort();
                m.awaitWorkers(4);
                MasterIT.withRetry(() -> get(port, "/"));
                String admin = Ops.adminUrl(m);
                assertThat(Ops.body(Ops.curl(admin + "/status")))
                        .contains("\"worker_heap\":\"-Xmx96m (the cgroup's memory limit, 1024 MiB, 4 workers)\"");

                long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                while (m.count("ran out of memory") < 3) {
                    assertThat(System.nanoTime() - deadline).as("three workers out of heap; log:\n%s", m.log()).isNegative();
                    try {
                        get(port, "/leak");
                    } catch (IOException e) {
                        // the request that found the heap full: its worker exited at once
                    }
                    assertThat(MasterIT.withRetry(() -> get(port, "/")).status()).isEqualTo(200);
                }
                assertThat(cgroup.oomKills()).as("processes the kernel's OOM killer killed in the cgroup").isZero();
                assertThat(m.log()).doesNotContain("was sent SIGKILL");
                assertThat(m.log()).containsPattern(
                        "Worker \\(pid:\\d+, age \\d+\\) ran out of memory: Java heap space; it had run [0-9.]+ s(ec)?");
                Ops.await("the OOM exits counted", Duration.ofSeconds(10), () -> {
                    Map<String, Double> metrics = Ops.scrape(admin);
                    assertThat(metrics.get("loomicorn_worker_exits_total{cause=\"oom\"}")).isGreaterThanOrEqualTo(3);
                    assertThat(metrics.get("loomicorn_worker_exits_total{cause=\"signal\"}")).isZero();
                });
                for (int i = 0; i < 20; i++) {
                    assertThat(MasterIT.withRetry(() -> get(port, "/")).status()).isEqualTo(200);
                }
            }
        } finally {
            cgroup.remove();
        }
    }
}
