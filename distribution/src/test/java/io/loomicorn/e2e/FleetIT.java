package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: three hosts, each a master with two workers in its own network namespace, behind
 * Debian's HAProxy (active checks on {@code /readyz}, PROXY protocol v2, retries) and nginx
 * (upstream keep-alive, passive checks) at the same time, with the configurations and the
 * command line of {@code docs/operations.md}. Each balancer carries keep-alive and
 * new-connection traffic during a rolling restart (TERM, start again), a rolling deploy (new
 * code, HUP) and the loss of a host (SIGKILL of its master and workers). The first two must
 * cost no request; the third at most the requests in flight on the lost host. The test
 * prints the counts and the longest latency a client saw during each event.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    private static final int HOSTS = 3;
    /** Client threads per balancer and kind of traffic. */
    private static final int THREADS = 2;
    /** Each request takes this long in the application, so that some are in flight when a host dies. */
    private static final String PATH = "/work?ms=20";
    /** A request in flight on a host that gets TERM: longer than a few of HAProxy's checks (inter 1 s). */
    private static final int SLOW_MILLIS = 3_000;
    private static final String APP = """
            package fleet;
            public final class FleetApp implements io.loomicorn.app.App {
                public void handle(io.loomicorn.app.Request q, io.loomicorn.app.Response r) throws Exception {
                    String query = q.query();
                    if (query != null && query.startsWith("ms=")) {
                        Thread.sleep(Long.parseLong(query.substring(3)));
                    }
                    java.net.InetSocketAddress local = (java.net.InetSocketAddress) q.localAddress();
                    java.net.InetSocketAddress client = (java.net.InetSocketAddress) q.remoteAddress();
                    r.send("VERSION " + local.getAddress().getHostAddress() + " " + client.getAddress().getHostAddress());
                }
            }
            """;

    private FleetNetwork net;
    private Path dir;
    private Path v2Class;
    private final LoomicornProcess[] hosts = new LoomicornProcess[HOSTS];
    private final Map<String, Integer> balancers = new LinkedHashMap<>();
    private Process haproxy;
    private Process nginx;

    @BeforeAll
    void start() throws Exception {
        String haproxyBinary = Programs.find("haproxy", "apt-get install -y haproxy", "FleetIT");
        String nginxBinary = Programs.find("nginx", "apt-get install -y nginx-light", "FleetIT");
        dir = Files.createTempDirectory(Path.of("/tmp"), "loomicorn-fleet-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        net = FleetNetwork.create(HOSTS);
        TestApps.compile(dir.resolve("v1"), APP.replace("VERSION", "v1"));
        v2Class = TestApps.compile(dir.resolve("v2"), APP.replace("VERSION", "v2")).resolve("fleet/FleetApp.class");
        for (FleetNetwork.Host h : net.hosts()) {
            Path classes = dir.resolve("host" + h.index());
            Files.createDirectories(classes.resolve("fleet"));
            Files.copy(dir.resolve("v1/fleet/FleetApp.class"), classes.resolve("fleet/FleetApp.class"));
            hosts[h.index()] = startHost(h);
        }
        for (FleetNetwork.Host h : net.hosts()) {
            awaitReady(h, hosts[h.index()]);
        }
        int haproxyPort = freePort();
        int nginxPort = freePort();
        Path haproxyConf = dir.resolve("haproxy.cfg");
        Files.writeString(haproxyConf, haproxyConfig(haproxyPort));
        Ops.Run check = Ops.run(List.of(haproxyBinary, "-c", "-f", haproxyConf.toString()), null);
        assertThat(check.code()).as("haproxy -c: %s%s", check.out(), check.err()).isZero();
        haproxy = new ProcessBuilder(haproxyBinary, "-db", "-f", haproxyConf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.out").toFile()).start();
        nginx = Nginx.start(nginxBinary, dir, 1024, nginxServer(nginxPort));
        balancers.put("haproxy", haproxyPort);
        balancers.put("nginx", nginxPort);
        for (Map.Entry<String, Integer> b : balancers.entrySet()) {
            assertThat(hostsServing(b.getValue(), "v1")).as("%s spreads the requests over every host", b.getKey())
                    .hasSize(HOSTS);
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (Process p : new Process[] {haproxy, nginx}) {
                if (p != null) {
                    p.destroy(); // SIGTERM, by pid
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
            for (LoomicornProcess h : hosts) {
                if (h != null) {
                    h.close();
                }
            }
        } finally {
            if (net != null) {
                net.close();
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    @Order(1)
    void aRollingRestartLosesNoRequest() throws Exception {
        Load load = Load.start(balancers, false);
        for (FleetNetwork.Host h : net.hosts()) {
            LoomicornProcess old = hosts[h.index()];
            // A slow request in flight keeps the host draining for a few health checks: /readyz says 503 meanwhile.
            CompletableFuture<HttpResponse> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return direct(h, "/work?ms=" + SLOW_MILLIS);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            long term = System.nanoTime();
            old.signal("TERM");
            assertThat(old.awaitExit(Duration.ofSeconds(60))).as("host %d drains and exits 0", h.index()).isZero();
            long exited = System.nanoTime();
            HttpResponse finished = slow.get(30, TimeUnit.SECONDS);
            assertThat(finished.status()).as("the request in flight at TERM").isEqualTo(200);
            assertThat(finished.text()).isEqualTo("v1 " + h.address() + " " + h.peer());
            hosts[h.index()] = startHost(h);
            awaitReady(h, hosts[h.index()]);
            System.out.printf("FLEET rolling restart host %d: TERM to exit %d ms, start to /readyz 200 %d ms%n", h.index(),
                    (exited - term) / 1_000_000, (System.nanoTime() - exited) / 1_000_000);
            assertThat(old.log()).as("host %d's workers drained within graceful_timeout", h.index())
                    .doesNotContain("was sent SIGKILL");
            Thread.sleep(3_000); // HAProxy's rise 2 x inter 1 s, and nginx's fail_timeout 5 s runs out meanwhile
        }
        load.stopAndReport("rolling restart");
        load.assertNoFailure();
        String checks = Files.readString(dir.resolve("haproxy.out"));
        checks.lines().filter(l -> l.contains(" is DOWN")).forEach(l -> System.out.println("FLEET haproxy: " + l));
        for (FleetNetwork.Host h : net.hosts()) {
            assertThat(checks).as("HAProxy's checks of /readyz took host %d out while it drained, and back", h.index())
                    .contains("loomicorn/web" + (h.index() + 1) + " is DOWN, reason: Layer7 wrong status, code: 503")
                    .contains("loomicorn/web" + (h.index() + 1) + " is UP");
        }
    }

    @Test
    @Order(2)
    void aRollingDeployWithHupLosesNoRequest() throws Exception {
        Load load = Load.start(balancers, false);
        for (FleetNetwork.Host h : net.hosts()) {
            LoomicornProcess m = hosts[h.index()];
            List<Long> old = m.workerPids();
            Path target = dir.resolve("host" + h.index()).resolve("fleet/FleetApp.class");
            Path tmp = Files.copy(v2Class, target.resolveSibling("FleetApp.class.new"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            m.signal("HUP");
            m.awaitWorkers(old.size() + 2);
            Ops.await("host " + h.index() + " retires its old workers", Duration.ofSeconds(60),
                    () -> assertThat(old).noneMatch(LoomicornProcess::alive));
            assertThat(direct(h, "/").text()).isEqualTo("v2 " + h.address() + " " + h.peer());
        }
        load.stopAndReport("rolling deploy");
        load.assertNoFailure();
        for (Map.Entry<String, Integer> b : balancers.entrySet()) {
            assertThat(hostsServing(b.getValue(), "v2")).as("every host serves v2 through %s", b.getKey()).hasSize(HOSTS);
        }
    }

    @Test
    @Order(3)
    void aLostHostCostsAtMostTheRequestsInFlightOnIt() throws Exception {
        Load load = Load.start(balancers, true);
        Thread.sleep(2_000);
        LoomicornProcess lost = hosts[0];
        List<Long> pids = new ArrayList<>(List.of(lost.pid()));
        lost.process().descendants().forEach(p -> pids.add(p.pid()));
        long killed = System.nanoTime();
        Ops.Run kill = Ops.run(Stream.concat(Stream.of("kill", "-KILL"), pids.stream().map(String::valueOf)).toList(), null);
        assertThat(kill.code()).as("kill -KILL %s: %s", pids, kill.err()).isZero();
        long gone = awaitRefused(net.hosts().getFirst());
        System.out.printf("FLEET host loss: kill to the listener gone %d ms%n", (gone - killed) / 1_000_000);
        Thread.sleep(5_000);
        load.stopAndReport("host loss");
        for (Map.Entry<String, LoadClient[]> b : load.clients.entrySet()) {
            LoadClient[] c = b.getValue();
            assertThat(c[0].failures() + c[1].failures()).as("%s replays the GETs the lost host had: %s; %s", b.getKey(),
                    c[0], c[1]).isZero();
            // The processes die one by one: until the last one that holds the listener is gone, the host's
            // kernel still completes connections, and a POST that one of them took is lost with it. So a
            // POST may fail if it was sent before the listener was gone and failed after the kill; a POST
            // sent later must go to another host (HAProxy retries a refused connect, nginx the next upstream).
            for (LoadClient.Failure f : c[2].failureTimes()) {
                assertThat(f.sentNanos()).as("%s: a POST that failed (%s) was sent before the lost host's listener was gone",
                        b.getKey(), f.cause()).isLessThan(gone);
                assertThat(f.failedNanos()).as("%s: a POST that failed (%s) failed after the kill", b.getKey(), f.cause())
                        .isGreaterThan(killed);
            }
            assertThat(c[2].successes()).isPositive();
        }
        assertThat(hostsServing(balancers.get("haproxy"), "v2")).hasSize(HOSTS - 1);
        assertThat(hostsServing(balancers.get("nginx"), "v2")).hasSize(HOSTS - 1);
    }

    // ---------------------------------------------------------------- the load

    /**
     * Keep-alive and new-connection GET clients through every balancer, for one event, and
     * optionally keep-alive POST clients, which a balancer must not replay.
     */
    private record Load(Map<String, LoadClient[]> clients, long started) {

        static Load start(Map<String, Integer> balancers, boolean posts) {
            Map<String, LoadClient[]> clients = new LinkedHashMap<>();
            balancers.forEach((name, port) -> clients.put(name, Stream.of(
                    new LoadClient(port, PATH, true).start(THREADS), new LoadClient(port, PATH, false).start(THREADS),
                    posts ? new LoadClient(port, "POST", PATH, true, Wire.PLAIN).start(THREADS) : null)
                    .filter(java.util.Objects::nonNull).toArray(LoadClient[]::new)));
            return new Load(clients, System.nanoTime());
        }

        void stopAndReport(String event) throws InterruptedException {
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            for (Map.Entry<String, LoadClient[]> b : clients.entrySet()) {
                for (LoadClient c : b.getValue()) {
                    c.stop();
                }
                LoadClient[] c = b.getValue();
                System.out.printf("FLEET %-15s %-7s %3d s  keep-alive: %6d ok %3d failed, longest %5d ms"
                                + "  new connections: %6d ok %3d failed, longest %5d ms%s  %s%s%n", event, b.getKey(), seconds,
                        c[0].successes(), c[0].failures(), c[0].maxLatencyMillis(), c[1].successes(), c[1].failures(),
                        c[1].maxLatencyMillis(), c.length < 3 ? "" : "  POST: %d ok %d failed, longest %d ms %s".formatted(
                                c[2].successes(), c[2].failures(), c[2].maxLatencyMillis(), c[2].causes()),
                        c[0].causes(), c[1].causes());
            }
        }

        void assertNoFailure() {
            for (Map.Entry<String, LoadClient[]> b : clients.entrySet()) {
                for (LoadClient c : b.getValue()) {
                    assertThat(c.successes()).as("%s carried traffic", b.getKey()).isPositive();
                    assertThat(c.failures()).as("%s: %s", b.getKey(), c).isZero();
                }
            }
        }
    }

    // ---------------------------------------------------------------- hosts

    /** The documented command line, on this host's address, with the test's application. */
    private LoomicornProcess startHost(FleetNetwork.Host h) throws IOException {
        String documented = DocBlocks.read("docs/operations.md", "FleetIT", "loomicorn", "sh");
        List<String> args = new ArrayList<>(Arrays.asList(documented.replace("10.0.1.11", h.address())
                .replace("10.0.1.0/24", net.network()).strip().split("\\s+")));
        assertThat(args.removeFirst()).isEqualTo("loomicorn");
        assertThat(args.removeLast()).isEqualTo("com.acme.Main:app");
        args.addAll(List.of("--worker-jvm-args", "-Xmx48m", "--classpath", dir.resolve("host" + h.index()).toString(),
                "fleet.FleetApp"));
        return LoomicornProcess.startVia(h.exec(), args.toArray(String[]::new));
    }

    private static void awaitReady(FleetNetwork.Host h, LoomicornProcess m) throws Exception {
        m.awaitWorkers(2);
        Ops.await("host " + h.index() + "'s /readyz", Duration.ofSeconds(60), () -> {
            try (HttpTestClient c = HttpTestClient.connect(h.address(), 9000, 2_000)) {
                HttpResponse r = c.exchange("GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(r.status()).isEqualTo(200);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    /**
     * Waits until the host refuses connections on its port, which means every process that held the
     * listener has exited, and returns when it first did ({@link System#nanoTime()}, to 5 ms).
     */
    private static long awaitRefused(FleetNetwork.Host h) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(h.address(), 8000), 2_000);
            } catch (ConnectException refused) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("host " + h.index() + " still accepts connections 20 s after SIGKILL");
    }

    /** A request straight to a host, without a balancer and without a PROXY header. */
    private static HttpResponse direct(FleetNetwork.Host h, String path) throws IOException {
        try (HttpTestClient c = HttpTestClient.connect(h.address(), 8000, 5_000)) {
            return c.exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        }
    }

    /** The hosts that answer {@code version} through a balancer, over 30 requests on new connections. */
    private static Set<String> hostsServing(int port, String version) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String body = MasterIT.withRetry(() -> {
                try (HttpTestClient c = HttpTestClient.connect(port)) {
                    HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    if (r.status() != 200) {
                        throw new IOException("status " + r.status());
                    }
                    return r.text();
                }
            });
            String[] words = body.split(" ");
            assertThat(words[0]).isEqualTo(version);
            assertThat(words[2]).as("the client, from HAProxy's PROXY header or nginx's X-Forwarded-For").isEqualTo("127.0.0.1");
            seen.add(words[1]);
        }
        return seen;
    }

    // ---------------------------------------------------------------- balancers

    /** The documented HAProxy configuration, on this run's addresses. */
    private String haproxyConfig(int port) throws IOException {
        String cfg = DocBlocks.read("docs/operations.md", "FleetIT", "haproxy", "haproxy")
                .replace("bind :80", "bind 127.0.0.1:" + port);
        for (FleetNetwork.Host h : net.hosts()) {
            cfg = cfg.replace("10.0.1.1" + (h.index() + 1) + ":", h.address() + ":");
        }
        assertThat(cfg).doesNotContain("10.0.1.", "bind :80").contains("send-proxy-v2", "/readyz");
        return cfg;
    }

    /** The documented nginx server, on this run's addresses. */
    private String nginxServer(int port) throws IOException {
        String server = DocBlocks.read("docs/operations.md", "FleetIT", "nginx", "nginx")
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";");
        for (FleetNetwork.Host h : net.hosts()) {
            server = server.replace("10.0.1.1" + (h.index() + 1) + ":", h.address() + ":");
        }
        assertThat(server).doesNotContain("10.0.1.", "listen 80;").contains("keepalive 32;");
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
