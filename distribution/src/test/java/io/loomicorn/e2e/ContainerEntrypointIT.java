package io.loomicorn.e2e;

import io.loomicorn.master.WorkerHeap;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: what the container image runs, without the image (this machine pulls no base
 * images). The runtime is linked by {@code deploy/container/make-runtime}, the master's AOT
 * cache is trained by the entry point as the Dockerfile does, and then the entry point
 * ({@code deploy/container/loomicorn-entrypoint}) runs under Debian's tini as PID 1 of a new
 * PID namespace ({@code unshare --pid --fork --mount-proc}), as user 10001, in a memory
 * cgroup of 768 MiB, with the shipped {@code loomicorn.conf}, {@code LOOMICORN_CMD_ARGS} and
 * an application from a mounted directory. Checked: HUP and TERM sent to PID 1 reach the
 * master (a new generation; a drain that finishes the request in flight and exits 0), an
 * orphan re-parented to PID 1 is reaped, the processes run as the non-root user, and the
 * workers' heap follows the heap rule for the cgroup's limit.
 */
@Tag("slow")
class ContainerEntrypointIT {

    private static final long LIMIT = 768L << 20;
    private static final int UID = 10001;
    private static final String APP = """
            package box;
            public final class BoxApp implements io.loomicorn.app.App {
                public void handle(io.loomicorn.app.Request q, io.loomicorn.app.Response r) throws Exception {
                    switch (q.path()) {
                        case "/orphan" -> {
                            new ProcessBuilder("sh", "-c", "sleep 2 >/dev/null 2>&1 &").start().waitFor();
                            r.send("orphaned");
                        }
                        case "/sleep" -> {
                            Thread.sleep(1500);
                            r.send("slept");
                        }
                        default -> r.send("box");
                    }
                }
            }
            """;

    @Test
    void tiniAsPid1PassesSignalsToTheMasterAndReapsOrphansForANonRootUserUnderAMemoryLimit() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (namespaces, cgroups, setpriv)");
        String tini = Programs.find("tini", "apt-get install -y tini", "ContainerEntrypointIT");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "loomicorn-container-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        MemoryCgroup cgroup = null;
        try {
            Path home = image(dir);
            Path app = TestApps.compile(dir.resolve("app/classes"), APP);
            Files.createDirectories(dir.resolve("app/lib"));
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Ops.run(List.of("chown", "-R", UID + ":" + UID, tmp.toString()), null);
            cgroup = MemoryCgroup.create(LIMIT);
            Assumptions.assumeTrue(cgroup != null, "needs a writable memory cgroup (v1 or v2)");

            List<String> command = new ArrayList<>(List.of("sh", "-c", "echo $$ > " + cgroup.procs() + " && exec \"$@\"",
                    "sh", "unshare", "--pid", "--fork", "--mount-proc", "setpriv", "--reuid=" + UID, "--regid=" + UID,
                    "--clear-groups", tini, "--", DocBlocks.root().resolve("deploy/container/loomicorn-entrypoint").toString(),
                    "box.BoxApp"));
            Map<String, String> env = Map.of("LOOMICORN_HOME", home.toString(),
                    "LOOMICORN_CONFIG", DocBlocks.root().resolve("deploy/kubernetes/base/loomicorn.conf").toString(),
                    "LOOMICORN_CLASSPATH", app + ":" + dir.resolve("app/lib") + "/*",
                    "LOOMICORN_CMD_ARGS", "-b 127.0.0.1:0 --admin-bind 127.0.0.1:0 --worker-tmp-dir " + tmp);
            try (LoomicornProcess box = LoomicornProcess.startCommand(command, env)) {
                int port = box.awaitPort();
                box.awaitWorkers(2);
                assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("box");
                long tiniPid = only(ProcessHandle.of(box.pid()).orElseThrow().children().toList()).pid();
                ProcessHandle master = only(ProcessHandle.of(tiniPid).orElseThrow().children().toList());
                assertThat(master.info().command().orElse("")).as("the entry point execs the master")
                        .isEqualTo(home.resolve("runtime/bin/java").toString());
                assertThat(uid(master.pid())).as("the master's user").isEqualTo(UID);
                assertThat(master.info().arguments().map(List::of).orElse(List.of()))
                        .as("the master reads the AOT cache trained for it").contains("-XX:AOTCache=" + home.resolve("master.aot"));
                assertThat(box.log()).as("the JVM took the AOT cache without a complaint").doesNotContain("[aot", "AOTCache");
                List<ProcessHandle> workers = javaChildren(master);
                assertThat(workers).as("the workers").hasSize(2);
                for (ProcessHandle w : workers) {
                    assertThat(uid(w.pid())).as("a worker's user").isEqualTo(UID);
                }

                String admin = Ops.adminUrl(box);
                String heap = "-Xmx" + WorkerHeap.heapBytes(LIMIT, 2) / (1 << 20) + "m";
                assertThat(Ops.body(Ops.curl(admin + "/status")))
                        .contains("\"worker_heap\":\"" + heap + " (the cgroup's memory limit, 768 MiB, 2 workers)\"");

                // An orphan goes to PID 1, tini, which reaps it when it exits.
                assertThat(get(port, "/orphan").text()).isEqualTo("orphaned");
                Ops.await("the orphan re-parented to tini", Duration.ofSeconds(5), () -> assertThat(
                        ProcessHandle.of(tiniPid).orElseThrow().children().map(p -> p.info().command().orElse("")))
                        .anyMatch(c -> c.endsWith("/sleep")));
                Ops.await("tini reaped the orphan", Duration.ofSeconds(10), () -> {
                    assertThat(zombiesOf(tiniPid)).isZero();
                    assertThat(ProcessHandle.of(tiniPid).orElseThrow().children().map(p -> p.info().command().orElse("")))
                            .noneMatch(c -> c.endsWith("/sleep"));
                });

                // HUP to PID 1 reaches the master: a new generation.
                LoomicornProcess.signal(tiniPid, "HUP");
                box.awaitWorkers(4); // the log's pids are the namespace's, so the old ones are watched from here
                Ops.await("the new generation alone", Duration.ofSeconds(60), () -> assertThat(javaChildren(master))
                        .hasSize(2).noneMatch(workers::contains));

                // TERM to PID 1 (docker stop, a pod's deletion): the master drains and exits 0, and so does tini.
                CompletableFuture<HttpResponse> inFlight = CompletableFuture.supplyAsync(() -> {
                    try {
                        return get(port, "/sleep");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(300);
                LoomicornProcess.signal(tiniPid, "TERM");
                HttpResponse slept = inFlight.get(30, TimeUnit.SECONDS);
                assertThat(slept.status()).isEqualTo(200);
                assertThat(slept.text()).isEqualTo("slept");
                assertThat(box.awaitExit(Duration.ofSeconds(60))).as("the exit code through tini and unshare; log:\n%s",
                        box.log()).isZero();
                assertThat(cgroup.oomKills()).isZero();
            }
        } finally {
            if (cgroup != null) {
                cgroup.remove();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The image's /opt/loomicorn: the distribution, a runtime from make-runtime, and the
     * master's AOT cache trained by the entry point, as the Dockerfile builds them.
     */
    private static Path image(Path dir) throws Exception {
        Path dist = Path.of(LoomicornProcess.classPath().replace("/*", "")).getParent();
        assertThat(dist.resolve("master.jvm")).as("the assembled distribution").exists();
        Path home = Files.createDirectories(dir.resolve("opt/loomicorn"));
        Files.createSymbolicLink(home.resolve("lib"), dist.resolve("lib"));
        Files.copy(dist.resolve("master.jvm"), home.resolve("master.jvm"));
        Files.copy(dist.resolve("required.jvm"), home.resolve("required.jvm"));
        Path root = DocBlocks.root();
        Ops.Run link = Ops.run(List.of(root.resolve("deploy/container/make-runtime").toString(),
                System.getProperty("java.home"), dist.resolve("lib").toString(), home.resolve("runtime").toString()), null);
        assertThat(link.code()).as("make-runtime: %s%s", link.out(), link.err()).isZero();
        System.out.println(link.out().strip());
        ProcessBuilder train = new ProcessBuilder(root.resolve("deploy/container/loomicorn-entrypoint").toString(),
                "io.loomicorn.examples.DemoApp");
        train.environment().putAll(Map.of("LOOMICORN_HOME", home.toString(), "LOOMICORN_TRAIN", "1",
                "LOOMICORN_CONFIG", root.resolve("deploy/kubernetes/base/loomicorn.conf").toString(),
                "LOOMICORN_CLASSPATH", dist.resolve("lib") + "/*"));
        train.environment().remove("LOOMICORN_CMD_ARGS");
        Process p = train.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("training: %s", out).isZero();
        assertThat(Files.size(home.resolve("master.aot"))).as("the master's AOT cache; training said: %s", out).isPositive();
        assertThat(out).as("the cache was trained by a master that served, not by --check-config")
                .contains("with a master that served");
        return home;
    }

    private static List<ProcessHandle> javaChildren(ProcessHandle master) {
        return master.children().filter(p -> p.info().command().orElse("").endsWith("/java")).toList();
    }

    private static ProcessHandle only(List<ProcessHandle> children) {
        assertThat(children).hasSize(1);
        return children.getFirst();
    }

    private static int uid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid line for " + pid);
    }

    /** Children of {@code parent} in state Z (exited, not reaped). */
    private static long zombiesOf(long parent) throws IOException {
        long zombies = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (after[0].equals("Z") && Long.parseLong(after[1]) == parent) {
                    zombies++;
                }
            }
        }
        return zombies;
    }
}
