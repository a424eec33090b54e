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
import java.util.UUID;

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
        Cgroup cgroup = Cgroup.create();
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

    /** A memory cgroup of the test's own, with a 1 GiB limit. */
    private record Cgroup(Path path, boolean v2) {

        static Cgroup create() throws IOException {
            if (!"root".equals(System.getProperty("user.name"))) {
                return null;
            }
            String name = "loomicorn-it-" + UUID.randomUUID().toString().substring(0, 8);
            Path v2 = Path.of("/sys/fs/cgroup");
            if (Files.exists(v2.resolve("cgroup.controllers")) && Files.readString(v2.resolve("cgroup.controllers")).contains("memory")) {
                if (!Files.readString(v2.resolve("cgroup.subtree_control")).contains("memory")) {
                    Files.writeString(v2.resolve("cgroup.subtree_control"), "+memory");
                }
                Path p = Files.createDirectory(v2.resolve(name));
                Files.writeString(p.resolve("memory.max"), Long.toString(LIMIT));
                Files.writeString(p.resolve("memory.swap.max"), "0");
                return new Cgroup(p, true);
            }
            Path v1 = Path.of("/sys/fs/cgroup/memory");
            if (Files.isWritable(v1) && Files.exists(v1.resolve("memory.limit_in_bytes"))) {
                Path p = Files.createDirectory(v1.resolve(name));
                Files.writeString(p.resolve("memory.limit_in_bytes"), Long.toString(LIMIT));
                return new Cgroup(p, false);
            }
            return null;
        }

        Path procs() {
            return path.resolve("cgroup.procs");
        }

        /** The kernel's count of OOM kills in this cgroup ({@code oom_kill} of memory.events or memory.oom_control). */
        long oomKills() throws IOException {
            String file = v2 ? "memory.events" : "memory.oom_control";
            for (String line : Files.readAllLines(path.resolve(file))) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring(9).trim());
                }
            }
            throw new AssertionError(file + " has no oom_kill line");
        }

        /** Kills what is left in it (by pid) and removes it. */
        void remove() throws Exception {
            for (int attempt = 0; attempt < 50; attempt++) {
                List<String> pids = Files.readAllLines(procs()).stream().filter(s -> !s.isBlank()).toList();
                if (pids.isEmpty()) {
                    Files.delete(path);
                    return;
                }
                for (String pid : pids) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the cgroup " + path + " still holds processes");
        }
    }
}
