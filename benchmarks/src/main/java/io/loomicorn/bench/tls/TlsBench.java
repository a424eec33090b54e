package io.loomicorn.bench.tls;

import io.loomicorn.bench.load.ChildProcesses;
import io.loomicorn.bench.load.MachineInfo;
import io.loomicorn.bench.load.WrkWindow;
import io.loomicorn.master.MasterCommand;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code tls} scenarios of {@code benchmarks/run} (issue 12): hello world over TLS 1.3
 * with an ECDSA P-256 certificate, on Loomicorn ({@code vthread} and {@code reactor},
 * {@code -w 2}, the certificate as PEM files) and on Undertow and Jetty
 * ({@link TlsBaseline}, the same key and certificate as PKCS#12), driven by wrk over loopback:
 * <ul>
 *   <li>{@code keep-alive}: requests on kept-alive connections, the cost of the record layer;</li>
 *   <li>{@code handshake}: {@code Connection: close}, so that every request makes a new
 *       connection and a full handshake (wrk resumes no sessions).</li>
 * </ul>
 * Every server runs for the whole benchmark. Each is warmed up first ({@code --warmup}
 * seconds per scenario: at a few hundred handshakes a second, JSSE's handshake code is
 * still being compiled after 5 s, and with two workers sharing them twice as long), then
 * {@code --rounds} rounds measure every server once per scenario, in an order that turns
 * each round, so that a drift of this shared machine falls on all of them alike. For each
 * window: req/s and the server's CPU time per request (every process of it, from
 * {@code /proc}); per round, the CPU per request as a ratio to the better of Undertow and
 * Jetty in that round (the goal: no worse than 1.00). The table gives the median
 * of each, and the range of the ratio as the noise. The certificate is made with
 * {@code openssl} in a temporary directory, deleted at the end; an {@code openssl s_client}
 * probe records what each server negotiated.
 *
 * <p>{@code --base-root DIR} adds {@code base-vthread} and {@code base-reactor}: the same worker
 * classes from another checkout's built distribution (e.g. {@code main}), measured in the same
 * rounds, so that a change is judged against its base in the same conditions. Each window also
 * records the share of the server's CPU its JIT compiler threads took ({@link CompilerTime}),
 * and a second table splits the CPU per request by kind of thread ({@link ThreadCpu}).
 *
 * <p>{@code --targets} may add {@code undertow-pair}: two Undertow JVMs on one port with
 * {@code SO_REUSEPORT}, started by a third that serves nothing (as a master with two
 * workers), for what a second server process on the two cores costs Undertow. It is shown
 * beside the others but is not one of the baselines the ratio is taken against.
 *
 * <p>The warm-up goes on past {@code --warmup}, 5 s at a time, until the server's compiler
 * threads take at most {@code --settle} percent of its CPU, or {@code --warmup-max} seconds.
 *
 * <pre>{@code benchmarks/run tls [--duration 8] [--warmup 20] [--settle 10] [--warmup-max 60] [--rounds 4]
 *     [--connections 50] [--targets a,b] [--workers 2] [--base-root DIR]}</pre>
 */
public final class TlsBench {

    private static final Pattern LISTENING = Pattern.compile("Listening at: https://[^\\s]*:(\\d+)");
    private static final Pattern BOOTING = Pattern.compile("Booting worker with pid");
    private static final String PASSWORD = "benchmark";
    private static final List<String> SCENARIOS = List.of("keep-alive", "handshake");
    /** The length of one warm-up step while the JIT settles ({@link #settle}). */
    private static final int SETTLE_STEP = 5;

    /**
     * One measured window, the ticks of it that the server's JIT compiler threads took, and its
     * CPU time by kind of thread ({@link ThreadCpu}).
     */
    record Row(String target, String scenario, int round, WrkWindow window, long compilerTicks,
               Map<String, Long> threadNanos) {

        /** The compiler threads' share of the server's CPU in the window, in percent. */
        double compilerPercent() {
            return window.cpuTicks() == 0 ? 0 : 100.0 * compilerTicks / window.cpuTicks();
        }

        /** The CPU time per request that one kind of thread spent ({@link ThreadCpu#CATEGORIES}), in µs. */
        double threadMicrosPerRequest(String category) {
            return window.requests() == 0 ? Double.NaN : threadNanos.get(category) / 1e3 / window.requests();
        }
    }

    /** A server under test and the port it serves on. */
    private record Server(String target, Process process, int port) {
    }

    private TlsBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --root DIR} (set by {@code benchmarks/run}), and the options above
     * @throws Exception if a server cannot start or wrk fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("duration", "8", "warmup", "20", "rounds", "4",
                "connections", "50", "targets", "", "workers", "2", "base-root", "", "settle", "10",
                "warmup-max", "60"));
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root")) {
                root = Path.of(args[++i]);
            } else if (a.startsWith("--") && i + 1 < args.length && o.containsKey(a.substring(2))) {
                o.put(a.substring(2), args[++i]);
            } else {
                System.err.println("benchmarks/run tls: unknown option " + a + " (known: --duration S, --warmup S,"
                        + " --rounds N, --connections N, --targets LIST, --workers N, --base-root DIR, --settle PERCENT,"
                        + " --warmup-max S)");
                System.exit(2);
            }
        }
        if (o.get("targets").isEmpty()) {
            o.put("targets", o.get("base-root").isEmpty() ? "loomicorn-vthread,loomicorn-reactor,undertow,jetty"
                    : "loomicorn-vthread,loomicorn-reactor,base-vthread,base-reactor,undertow,jetty");
        }
        Path pki = Files.createTempDirectory("loomicorn-bench-tls");
        try {
            System.exit(run(root.toAbsolutePath().normalize(), o, pki));
        } finally {
            ChildProcesses.get().stopAll();
            try (Stream<Path> files = Files.walk(pki)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int run(Path root, Map<String, String> o, Path pki) throws Exception {
        Instant started = Instant.now();
        Path dir = root.resolve("benchmarks/results")
                .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started) + "-tls");
        Files.createDirectories(dir.resolve("raw"));
        makeCertificate(pki);
        MachineInfo machine = MachineInfo.current();
        System.out.println("TLS benchmark: " + o.get("targets") + "; " + machine.describe() + "; results: " + dir);
        List<Row> rows = new ArrayList<>();
        Map<String, String> negotiated = new LinkedHashMap<>();
        int connections = Integer.parseInt(o.get("connections"));
        int workers = Integer.parseInt(o.get("workers"));
        int seconds = Integer.parseInt(o.get("duration"));
        // wrk's default timeout (2 s) counts a handshake queued behind 50 others on a busy machine as lost.
        Map<String, List<String>> wrkOptions = Map.of("keep-alive", List.of("--timeout", "10s"),
                "handshake", List.of("--timeout", "10s", "-H", "Connection: close"));
        List<Server> servers = new ArrayList<>();
        for (String target : o.get("targets").split(",")) {
            Path log = dir.resolve("raw/" + target + ".log");
            Process process = start(root, o.get("base-root"), target, workers, pki, log);
            int port = awaitReady(process, target, log, isLoomicorn(target) ? workers : 0, pki);
            servers.add(new Server(target, process, port));
            negotiated.put(target, negotiated(port));
        }
        for (Server server : servers) {
            for (String scenario : SCENARIOS) {
                WrkWindow.wrk(url(server), connections, Integer.parseInt(o.get("warmup")), wrkOptions.get(scenario));
                settle(server, scenario, connections, wrkOptions.get(scenario), o);
            }
        }
        int rounds = Integer.parseInt(o.get("rounds"));
        for (int round = 1; round <= rounds; round++) {
            for (String scenario : SCENARIOS) {
                for (int i = 0; i < servers.size(); i++) {
                    Server server = servers.get((i + round - 1) % servers.size());
                    Map<Long, Long> compiling = CompilerTime.ticks(server.process().toHandle());
                    Map<String, ThreadCpu.Task> threads = ThreadCpu.snapshot(server.process().toHandle());
                    WrkWindow w = WrkWindow.measure(server.process().toHandle(), url(server), connections, seconds,
                            wrkOptions.get(scenario));
                    Row row = new Row(server.target(), scenario, round, w,
                            CompilerTime.since(compiling, CompilerTime.ticks(server.process().toHandle())),
                            ThreadCpu.since(threads, ThreadCpu.snapshot(server.process().toHandle())));
                    rows.add(row);
                    System.out.printf(Locale.ROOT, "  round %d %-18s %-10s %10.0f req/s %8.1f µs CPU/req %4.0f%% JIT %s%n",
                            round, server.target(), scenario, w.rps(), w.cpuMicrosPerRequest(), row.compilerPercent(),
                            w.errors());
                }
            }
        }
        for (Server server : servers) {
            ChildProcesses.get().stop(server.process().toHandle(), Duration.ofSeconds(10));
        }
        String table = table(rows, negotiated, machine, o, started);
        Files.writeString(dir.resolve("results.md"), table);
        System.out.println();
        System.out.print(table);
        return 0;
    }

    /**
     * Warms up on, in steps of {@value #SETTLE_STEP} s, while the server's JIT compiler threads
     * take more than {@code --settle} percent of its CPU, up to {@code --warmup-max} seconds in
     * all: a handshake per request reaches JSSE's C2 compilations late, and Loomicorn's workers
     * each compile them in their own JVM at their share of the rate, so a fixed warm-up leaves
     * some servers compiling in the measured windows and not others.
     */
    private static void settle(Server server, String scenario, int connections, List<String> wrk,
                               Map<String, String> o) throws IOException, InterruptedException {
        double settled = Double.parseDouble(o.get("settle"));
        int spent = Integer.parseInt(o.get("warmup"));
        int max = Integer.parseInt(o.get("warmup-max"));
        while (spent < max) {
            Map<Long, Long> compiling = CompilerTime.ticks(server.process().toHandle());
            WrkWindow w = WrkWindow.measure(server.process().toHandle(), url(server), connections, SETTLE_STEP, wrk);
            spent += SETTLE_STEP;
            double jit = w.cpuTicks() == 0 ? 0
                    : 100.0 * CompilerTime.since(compiling, CompilerTime.ticks(server.process().toHandle())) / w.cpuTicks();
            System.out.printf(Locale.ROOT, "  warm-up %-18s %-10s %4d s: %4.0f%% JIT%n", server.target(), scenario, spent, jit);
            if (jit <= settled) {
                return;
            }
        }
    }

    private static String url(Server server) {
        return "https://127.0.0.1:" + server.port() + "/";
    }

    /** An ECDSA P-256 certificate for localhost and 127.0.0.1, as PEM files and as a PKCS#12 keystore. */
    private static void makeCertificate(Path pki) throws IOException, InterruptedException {
        openssl(pki, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        openssl(pki, "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "keystore.p12",
                "-passout", "pass:" + PASSWORD);
    }

    private static String openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = ChildProcesses.get().track(new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 && !args[0].equals("s_client")) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** What openssl's client negotiates with the server, as wrk's OpenSSL will: protocol, suite, signature. */
    private static String negotiated(int port) throws IOException, InterruptedException {
        String out = openssl(Path.of("."), "s_client", "-connect", "127.0.0.1:" + port, "-brief");
        List<String> parts = new ArrayList<>();
        for (String key : List.of("Protocol version", "Ciphersuite", "Peer signature type", "Negotiated TLS1.3 group")) {
            Matcher m = Pattern.compile(Pattern.quote(key) + ": (\\S+)").matcher(out);
            if (m.find()) {
                parts.add(m.group(1));
            }
        }
        return String.join(" ", parts);
    }

    /** Whether a target is Loomicorn: {@code loomicorn-CLASS}, or {@code base-CLASS} from {@code --base-root}. */
    private static boolean isLoomicorn(String target) {
        return target.startsWith("loomicorn-") || target.startsWith("base-");
    }

    private static Process start(Path root, String baseRoot, String target, int workers, Path pki, Path log)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        if (isLoomicorn(target)) {
            // base-CLASS: the same worker class from another build (--base-root), an A/B in one run.
            boolean base = target.startsWith("base-");
            if (base && baseRoot.isEmpty()) {
                throw new IOException(target + " needs --base-root DIR, a checkout with its distribution built");
            }
            Path lib = (base ? Path.of(baseRoot).toAbsolutePath() : root).resolve("distribution/target/loomicorn/lib");
            cmd.addAll(MasterCommand.command(java, lib + "/*", List.of(), List.of(
                    "-k", target.substring(target.indexOf('-') + 1),
                    "-w", Integer.toString(workers), "-b", "127.0.0.1:0", "--keep-alive", "60",
                    // The cache's training JVM would run during the first windows, a child of the master
                    // whose CPU counted as the server's (and vanished from the tree mid-window).
                    "--aot-cache", "off",
                    "--certfile", pki.resolve("cert.pem").toString(), "--keyfile", pki.resolve("key.pem").toString(),
                    "io.loomicorn.examples.DemoApp")));
        } else {
            // The same collector as Loomicorn's workers, so that the comparison is of the servers.
            cmd.addAll(List.of(java, "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    TlsBaseline.class.getName(), target, pki.resolve("keystore.p12").toString(), PASSWORD));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("LOOMICORN_CMD_ARGS");
        return ChildProcesses.get().track(pb.start());
    }

    private static int awaitReady(Process p, String target, Path log, int workers, Path pki) throws Exception {
        SSLContext client = trusting(pki.resolve("cert.pem"));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            Matcher m = LISTENING.matcher(text);
            if (m.find() && BOOTING.matcher(text).results().count() >= workers) {
                int port = Integer.parseInt(m.group(1));
                if (hello(client, port)) {
                    return port;
                }
            }
            if (!p.isAlive()) {
                throw new IOException(target + " exited before it served; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IOException(target + " did not serve within 90 s; see " + log);
    }

    private static boolean hello(SSLContext client, int port) {
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            raw.setSoTimeout(2_000);
            try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(raw, "localhost", port, false)) {
                tls.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(tls.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                return answer.startsWith("HTTP/1.1 200") && answer.endsWith("Hello, World!");
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String table(List<Row> rows, Map<String, String> negotiated, MachineInfo machine,
                                Map<String, String> o, Instant started) {
        StringBuilder sb = new StringBuilder();
        sb.append("# TLS benchmark, ").append(DateTimeFormatter.ISO_INSTANT.format(started)).append("\n\n");
        sb.append("Machine: ").append(machine.describe()).append(String.format(Locale.ROOT, ", load average %.2f",
                MachineInfo.loadAverageNow())).append(". wrk -t2 -c").append(o.get("connections")).append("; every ")
                .append("server runs throughout, warmed up ").append(o.get("warmup"))
                .append(" s per scenario and on, 5 s at a time, until its JIT compiler threads take at most ")
                .append(o.get("settle")).append("% of its CPU (at most ").append(o.get("warmup-max")).append(" s), then ")
                .append(o.get("rounds")).append(" rounds of one ").append(o.get("duration"))
                .append(" s window per server and scenario, in an order that turns each round; the load generator"
                        + " shares the machine. Loomicorn -w ").append(o.get("workers"))
                .append(" (DemoApp, PEM files); Undertow (one I/O thread per core) and Jetty (default pool) one JVM"
                        + " each, same key as PKCS#12, serial GC; JSSE everywhere. `handshake`: `Connection: close`,"
                        + " a full handshake per request. Figures are medians over the rounds; the ratio is taken"
                        + " within each round against the better baseline of that round. JIT: the share of the"
                        + " server's CPU in the window that its JIT compiler threads took (a server still compiling"
                        + " is not warm; Loomicorn's workers compile each in its own JVM).\n\n");
        sb.append("Negotiated (openssl s_client): ");
        negotiated.forEach((t, n) -> sb.append(t).append(" ").append(n.isEmpty() ? "?" : n).append("; "));
        if (!o.get("base-root").isEmpty()) {
            sb.append("\n\n`base-*`: Loomicorn built from ").append(o.get("base-root")).append(", in the same run.");
        }
        sb.append("\n\n| scenario | server | req/s | CPU µs/req | CPU/req vs the better baseline (range) | JIT % of CPU |"
                + " errors |\n");
        sb.append("|---|---|--:|--:|--:|--:|---|\n");
        List<String> targets = rows.stream().map(Row::target).distinct().toList();
        for (String scenario : SCENARIOS) {
            Map<Integer, Double> best = new LinkedHashMap<>();
            for (Row r : rows) {
                if (r.scenario().equals(scenario) && (r.target().equals("undertow") || r.target().equals("jetty"))) {
                    best.merge(r.round(), r.window().cpuMicrosPerRequest(), Math::min);
                }
            }
            for (String target : targets) {
                List<Row> mine = rows.stream().filter(r -> r.scenario().equals(scenario) && r.target().equals(target))
                        .toList();
                List<Double> ratios = mine.stream().filter(r -> best.containsKey(r.round()))
                        .map(r -> r.window().cpuMicrosPerRequest() / best.get(r.round())).sorted().toList();
                String ratio = ratios.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f (%.2f to %.2f)",
                        median(ratios), ratios.getFirst(), ratios.getLast());
                String errors = mine.stream().map(r -> r.window().errors()).filter(e -> !e.isEmpty())
                        .distinct().reduce((x, y) -> x + "; " + y).orElse("none");
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %s | %.0f | %s |%n", scenario, target,
                        median(mine.stream().map(r -> r.window().rps()).sorted().toList()),
                        median(mine.stream().map(r -> r.window().cpuMicrosPerRequest()).sorted().toList()),
                        ratio, median(mine.stream().map(Row::compilerPercent).sorted().toList()), errors));
            }
        }
        sb.append("\nCPU µs per request by thread (`/proc/PID/task/TID/schedstat`, medians over the rounds): serving"
                + " = carriers and pollers, event loops, acceptors, pools; GC and VM thread = the serial collector and"
                + " safepoints; other threads = the JVMs' service threads and Loomicorn's watchdog, heartbeat,"
                + " carrier governor and heap guard; master = Loomicorn's master process.\n\n| scenario | server |");
        ThreadCpu.CATEGORIES.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|---|").append("--:|".repeat(ThreadCpu.CATEGORIES.size())).append('\n');
        for (String scenario : SCENARIOS) {
            for (String target : targets) {
                List<Row> mine = rows.stream().filter(r -> r.scenario().equals(scenario) && r.target().equals(target))
                        .toList();
                sb.append("| ").append(scenario).append(" | ").append(target).append(" |");
                for (String c : ThreadCpu.CATEGORIES) {
                    sb.append(String.format(Locale.ROOT, " %.1f |",
                            median(mine.stream().map(r -> r.threadMicrosPerRequest(c)).sorted().toList())));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
