package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.loomicorn.e2e.E2E.get;
import static io.loomicorn.e2e.E2E.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The master with real worker JVMs (sync): binding, signals, supervision and configuration. */
@Tag("slow")
class MasterIT {

    private static final String DEMO = "io.loomicorn.examples.DemoApp";

    @Test
    void bootsTwoSyncWorkersThatBothServe() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-w", "2", "-b", "127.0.0.1:0", DEMO)) {
            int port = m.awaitPort();
            List<Long> workers = m.awaitWorkers(2);
            Set<Long> answered = new HashSet<>();
            // "Booting worker" is logged before a worker serves: on a loaded machine the first
            // one can answer every request of a quick loop while the second still loads.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (answered.size() < 2 && System.nanoTime() < deadline) {
                HttpResponse r = get(port, "/pid");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("Connection")).isEqualTo("close");
                answered.add(Long.parseLong(r.text().strip()));
                Thread.sleep(answered.size() < 2 ? 20 : 0);
            }
            assertThat(answered).containsExactlyInAnyOrderElementsOf(workers);
            assertThat(m.log()).contains("Using worker: sync");
        }
    }

    @Test
    void servesOnAUnixSocketAndRemovesItAtExit(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("loomicorn.sock");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "unix:" + sock, "--umask", "0077", DEMO)) {
            m.awaitLog("Listening at: unix:" + sock, Duration.ofSeconds(30));
            m.awaitWorkers(1);
            HttpResponse r = withRetry(() -> {
                try (HttpTestClient c = HttpTestClient.connectUnix(sock)) {
                    return c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
                }
            });
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("\"remote_addr\":\"\"");
            assertThat(Files.getPosixFilePermissions(sock).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(sock).doesNotExist();
        }
    }

    @Test
    void servesTwoBindsAtOnce() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-b", "[::1]:0", DEMO)) {
            m.awaitPort();
            m.awaitWorkers(1);
            m.awaitLog(l -> l.contains("Listening at: http://[::1]:"), Duration.ofSeconds(10));
            assertThat(m.ports()).hasSize(2);
            int v4 = m.ports().get(0);
            assertThat(get(v4, "/").text()).isEqualTo("Hello, World!");
            int v6 = m.ports().get(1);
            try (HttpTestClient c = HttpTestClient.connect("::1", v6, 10_000)) {
                assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("Hello, World!");
            }
        }
    }

    @Test
    void reusePortLetsASecondSocketBindTheMastersAddress() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("--reuse-port", "-b", "127.0.0.1:0", DEMO)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", m.awaitPort());
            try (ServerSocketChannel second = ServerSocketChannel.open()) {
                second.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                second.bind(address);
                assertThat(second.socket().getLocalPort()).isEqualTo(address.getPort());
            }
        }
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", DEMO);
             ServerSocketChannel second = ServerSocketChannel.open()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", m.awaitPort());
            second.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            assertThatThrownBy(() -> second.bind(address)).as("without reuse_port the address is taken")
                    .isInstanceOf(BindException.class);
        }
    }

    @Test
    void termLetsAnInFlightRequestFinishAndExitsZero() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            warmUp(port);
            CompletableFuture<HttpResponse> slow = CompletableFuture.supplyAsync(() -> call(port, "/sleep?ms=2000"));
            Thread.sleep(500);
            m.signal("TERM");
            HttpResponse r = slow.get(20, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("slept 2000");
            assertThat(m.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(m.log()).contains("Handling signal: term", "Shutting down: Master");
        }
    }

    @Test
    void intStopsFast() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--graceful-timeout", "30", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            assertIntStopsFastWithARequestInFlight(m, port);
        }
    }

    @Test
    void hupReplacesEveryWorkerWithoutFailingARequest() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-w", "2", "-b", "127.0.0.1:0", DEMO)) {
            int port = m.awaitPort();
            List<Long> before = m.awaitWorkers(2);
            warmUp(port);
            LoadClient load = new LoadClient(port, "/", false).start(4);
            Thread.sleep(500);
            m.signal("HUP");
            m.awaitWorkers(4);
            awaitGone(before);
            Thread.sleep(500);
            load.stop();
            assertThat(load.failures()).as(load.causes()).isZero();
            assertThat(load.successes()).isGreaterThan(10);
            Set<Long> after = new HashSet<>(m.workerPids().subList(2, 4));
            assertThat(after).doesNotContainAnyElementsOf(before);
            assertThat(new HashSet<>(List.of(pid(port), pid(port), pid(port)))).isSubsetOf(after);
        }
    }

    @Test
    void aMasterStartedUnderNohupInTheBackgroundStillReloadsOnHupAndStopsFastOnInt() throws Exception {
        // What `nohup loomicorn ... &` does: HUP and INT ignored, and ignored signals survive exec.
        try (LoomicornProcess m = LoomicornProcess.startVia(List.of("sh", "-c", "trap '' HUP INT; exec \"$@\"", "sh"),
                "-b", "127.0.0.1:0", "--graceful-timeout", "30", DEMO)) {
            int port = m.awaitPort();
            List<Long> before = m.awaitWorkers(1);
            assertThat(m.log()).contains("SIGINT and SIGHUP ignored when the master started");
            assertThat(ignored(m.pid()) & 0b11).as("the master's HUP and INT").isZero();
            assertThat(ignored(before.getFirst()) & 0b11).as("a worker's HUP and INT").isZero();
            m.signal("HUP");
            m.awaitWorkers(2);
            awaitGone(before);
            assertIntStopsFastWithARequestInFlight(m, port);
        }
    }

    /** INT ends the master (exit 0) within 5 s although a 20 s request runs and graceful_timeout is 30 s. */
    private static void assertIntStopsFastWithARequestInFlight(LoomicornProcess m, int port) throws Exception {
        warmUp(port);
        CompletableFuture.runAsync(() -> call(port, "/sleep?ms=20000"));
        Thread.sleep(300);
        long start = System.nanoTime();
        m.signal("INT");
        assertThat(m.awaitExit(Duration.ofSeconds(10))).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /** The SigIgn mask of a process, with bit n - 1 for signal n. */
    private static long ignored(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        }
        throw new AssertionError("no SigIgn line for " + pid);
    }

    @Test
    void ttinAndTtouChangeTheWorkerCount() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-w", "1", "-b", "127.0.0.1:0", DEMO)) {
            m.awaitPort();
            m.awaitWorkers(1);
            m.signal("TTIN");
            List<Long> pids = m.awaitWorkers(2);
            awaitLiveWorkers(m, 2);
            m.signal("TTOU");
            awaitLiveWorkers(m, 1);
            assertThat(LoomicornProcess.alive(pids.get(0))).as("TTOU stops the oldest").isFalse();
            assertThat(LoomicornProcess.alive(pids.get(1))).isTrue();
        }
    }

    @Test
    void aStuckWorkerIsKilledWithAThreadDumpAndReplaced() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--timeout", "2", DEMO)) {
            int port = m.awaitPort();
            long first = m.awaitWorkers(1).getFirst();
            warmUp(port);
            // /spin ignores the interrupt the engine sends at the timeout: the worker stays stuck.
            CompletableFuture<HttpResponse> stuck = CompletableFuture.supplyAsync(() -> call(port, "/spin?ms=10000"));
            m.awaitLog("WORKER TIMEOUT (pid:" + first + ")", Duration.ofSeconds(15));
            m.awaitLog("Full thread dump", Duration.ofSeconds(10));
            m.awaitLog("was sent SIGKILL", Duration.ofSeconds(10));
            assertThat(m.log()).contains("DemoApp.handle");
            long second = m.awaitWorkers(2).get(1);
            assertThat(second).isNotEqualTo(first);
            assertThat(withRetry(() -> get(port, "/")).status()).isEqualTo(200);
            assertThat(stuck.handle((r, e) -> r == null || r.status() != 200).get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aCrashedWorkerIsReplaced() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", DEMO)) {
            int port = m.awaitPort();
            long first = m.awaitWorkers(1).getFirst();
            warmUp(port);
            assertThat(callOrNull(port, "/exit")).isNull();
            m.awaitLog("Worker (pid:" + first + ") exited with code 1.", Duration.ofSeconds(10));
            long second = m.awaitWorkers(2).get(1);
            assertThat(withRetry(() -> pid(port))).isEqualTo(second);
        }
    }

    @Test
    void maxRequestsRecyclesWorkersWithoutFailingARequest() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-w", "2", "-b", "127.0.0.1:0", "--max-requests", "20", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(2);
            // Each worker keeps serving past its budget until its replacement has booted,
            // so recycling takes as long as a JVM start: keep asking until two rounds passed.
            Set<Long> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; seen.size() < 4 && System.nanoTime() - deadline < 0; i++) {
                HttpResponse r = get(port, "/pid");
                assertThat(r.status()).as("request %d", i).isEqualTo(200);
                seen.add(Long.parseLong(r.text().strip()));
            }
            assertThat(seen.size()).isGreaterThanOrEqualTo(4);
            assertThat(m.log()).contains("Autorestarting worker after current request.");
        }
    }

    @Test
    void anAppThatCannotLoadStopsAColdStartWithExitCode3AndOneLine() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "com.nope.Missing")) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
            assertThat(m.log()).contains(
                    "Error: App failed to load: Application class com.nope.Missing was not found on the classpath");
            assertThat(m.log()).doesNotContain("\tat ");
        }
    }

    @Test
    void preloadLoadsTheAppBeforeAnyWorkerIsSpawned() throws Exception {
        try (LoomicornProcess bad = LoomicornProcess.start("--preload", "-b", "127.0.0.1:0", "com.nope.Missing")) {
            assertThat(bad.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
            assertThat(bad.log()).contains("Error: App failed to load: Application class com.nope.Missing was not found")
                    .doesNotContain("Booting worker").doesNotContain("\tat ");
        }
        try (LoomicornProcess m = LoomicornProcess.start("--preload", "-b", "127.0.0.1:0", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            assertThat(get(port, "/").text()).isEqualTo("Hello, World!");
            String log = m.log();
            assertThat(log.indexOf("Preloaded " + DEMO)).as(log).isNotNegative()
                    .isLessThan(log.indexOf("Booting worker"));
        }
    }

    @Test
    void chdirSetsTheWorkersWorkingDirectory(@TempDir Path dir) throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("--chdir", dir.toString(), "-b", "127.0.0.1:0", DEMO)) {
            int port = m.awaitPort();
            long worker = pid(port);
            assertThat(Path.of("/proc", Long.toString(worker), "cwd").toRealPath()).isEqualTo(dir.toRealPath());
        }
    }

    @Test
    void checkConfigLoadsTheAppInAWorkerJvmWithRawEnv() throws Exception {
        try (LoomicornProcess ok = LoomicornProcess.start("--check-config", "-e", "X=1", "--classpath",
                E2E.TEST_CLASSES, "io.loomicorn.e2e.EnvApp:APP")) {
            assertThat(ok.awaitExit(Duration.ofSeconds(30))).as(ok.log()).isZero();
        }
        try (LoomicornProcess bad = LoomicornProcess.start("--check-config", "--classpath", E2E.TEST_CLASSES,
                "io.loomicorn.e2e.EnvApp:APP")) {
            assertThat(bad.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(bad.log()).contains("Error: Initialising io.loomicorn.e2e.EnvApp failed:"
                    + " java.lang.IllegalStateException: environment variable X is not set");
            assertThat(bad.log()).doesNotContain("\tat ");
        }
    }

    @Test
    void thePidfileLivesAsLongAsTheMaster(@TempDir Path dir) throws Exception {
        Path pidfile = dir.resolve("master.pid");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-p", pidfile.toString(), DEMO)) {
            m.awaitPort();
            m.awaitWorkers(1);
            assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(m.pid()));
            try (LoomicornProcess second = LoomicornProcess.start("-b", "127.0.0.1:0", "-p", pidfile.toString(), DEMO)) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
                assertThat(second.log()).contains("Error: already running on PID " + m.pid());
            }
            assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(m.pid()));
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(pidfile).doesNotExist();
        }
        // A stale pidfile (dead pid) is overwritten.
        Files.writeString(pidfile, "999999\n");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-p", pidfile.toString(), DEMO)) {
            m.awaitPort();
            assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(m.pid()));
        }
    }

    @Test
    void precedenceIsFileThenEnvironmentThenCommandLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loomicorn.conf"), "workers = 3\nbacklog = 100\nthreads = 7\n");
        try (LoomicornProcess m = LoomicornProcess.start(Map.of("LOOMICORN_CMD_ARGS", "--workers 2 --backlog 200"), dir,
                "--print-config", "-w", "1", DEMO)) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
            String out = m.stdout();
            assertThat(out).containsPattern("workers\\s+= 1\\s+\\(command line\\)");
            assertThat(out).containsPattern("backlog\\s+= 200\\s+\\(LOOMICORN_CMD_ARGS\\)");
            assertThat(out).containsPattern("threads\\s+= 7\\s+\\(config file");
        }
    }

    @Test
    void workersBootFromTheAotCacheOnceItIsTrained(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("workers.aot");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--aot-cache", cache.toString(), DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            m.awaitLog("AOT cache ready: " + cache, Duration.ofSeconds(120));
            assertThat(cache).isRegularFile();
            m.signal("TTIN");
            long second = m.awaitWorkers(2).get(1);
            String cmdline = Files.readString(Path.of("/proc/" + second + "/cmdline")).replace('\0', ' ');
            assertThat(cmdline).contains("-XX:AOTCache=" + cache);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean served = false;
            while (!served && System.nanoTime() - deadline < 0) {
                served = withRetry(() -> pid(port)) == second;
            }
            assertThat(served).as("the worker booted from the cache serves").isTrue();
            assertThat(m.log()).as("the JVM has nothing to warn about").doesNotContain("][warning][");
        }
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp*");
    }

    @Test
    void spewRecordsAJfrMethodTraceOfTheApplication(@TempDir Path dir) throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--spew", "--worker-tmp-dir",
                dir.toString(), DEMO)) {
            int port = m.awaitPort();
            long worker = m.awaitWorkers(1).getFirst();
            assertThat(withRetry(() -> get(port, "/echo")).status()).isEqualTo(200);
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
            Path recording = dir.resolve("loomicorn-spew-" + worker + ".jfr");
            assertThat(recording).isRegularFile();
            Process jfr = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                    "print", "--events", "jdk.MethodTrace", recording.toString()).redirectErrorStream(true).start();
            String events = new String(jfr.getInputStream().readAllBytes());
            assertThat(jfr.waitFor()).isZero();
            assertThat(events).contains("io.loomicorn.examples.DemoApp.handle(Request, Response)");
        }
    }

    @Test
    void workersRunAsTheConfiguredUser() throws Exception {
        boolean root = "0".equals(Files.readString(Path.of("/proc/self/status")).replaceAll("(?s).*\nUid:\\s+(\\d+).*", "$1"));
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-u", "nobody", DEMO)) {
            if (!root) {
                assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
                assertThat(m.log()).contains("Error: user=nobody needs the master to run as root");
                return;
            }
            int port = m.awaitPort();
            long worker = m.awaitWorkers(1).getFirst();
            assertThat(withRetry(() -> get(port, "/")).status()).isEqualTo(200);
            String status = Files.readString(Path.of("/proc/" + worker + "/status"));
            String masterStatus = Files.readString(Path.of("/proc/" + m.pid() + "/status"));
            assertThat(status).containsPattern("\nUid:\\s+65534\\s+65534");
            assertThat(masterStatus).containsPattern("\nUid:\\s+0\\s+0");
        }
    }

    @Test
    void anUnknownUserIsOneLine() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-u", "no-such-user-here", DEMO)) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(m.log()).contains("Error: invalid value for user: 'no-such-user-here': no such user");
        }
    }

    // ---- helpers ----

    private static void warmUp(int port) throws Exception {
        withRetry(() -> get(port, "/"));
    }

    private static HttpResponse call(int port, String path) {
        try {
            return get(port, path);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static HttpResponse callOrNull(int port, String path) {
        try {
            return get(port, path);
        } catch (IOException e) {
            return null;
        }
    }

    interface Attempt<T> {
        T run() throws Exception;
    }

    static <T> T withRetry(Attempt<T> attempt) throws Exception {
        Exception last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return attempt.run();
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private static void awaitGone(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pids.stream().anyMatch(LoomicornProcess::alive)) {
            assertThat(System.nanoTime() - deadline).as("old workers still alive: %s", pids).isNegative();
            Thread.sleep(50);
        }
    }

    /** Waits until exactly {@code n} of the workers that logged booting are alive (the AOT trainer is not one). */
    static void awaitLiveWorkers(LoomicornProcess m, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (m.workerPids().stream().filter(LoomicornProcess::alive).count() != n) {
            assertThat(System.nanoTime() - deadline).as("waiting for %d workers", n).isNegative();
            Thread.sleep(50);
        }
    }
}
