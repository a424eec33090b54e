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
 * ({@link TlsBaseline}, the same key and certificate as PKCS#12), one server after the other
 * in the same run, driven by wrk over loopback:
 * <ul>
 *   <li>{@code keep-alive}: requests on kept-alive connections, the cost of the record layer;</li>
 *   <li>{@code handshake}: {@code Connection: close}, so that every request makes a new
 *       connection and a full handshake (wrk resumes no sessions).</li>
 * </ul>
 * For each it reports req/s and the server's CPU time per request (every process of it,
 * from {@code /proc}), and the CPU per request as a ratio to the better of Undertow and
 * Jetty (the goal: no worse than 1.00). The certificate is made with
 * {@code openssl} in a temporary directory, deleted at the end; an {@code openssl s_client}
 * probe records what each server negotiated.
 *
 * <pre>{@code benchmarks/run tls [--duration 10] [--warmup 5] [--connections 50] [--targets a,b] [--workers 2]}</pre>
 */
public final class TlsBench {

    private static final Pattern LISTENING = Pattern.compile("Listening at: https://[^\\s]*:(\\d+)");
    private static final Pattern BOOTING = Pattern.compile("Booting worker with pid");
    private static final String PASSWORD = "benchmark";
    private static final List<String> SCENARIOS = List.of("keep-alive", "handshake");

    /** One measured window. */
    record Row(String target, String scenario, WrkWindow window) {
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
        Map<String, String> o = new LinkedHashMap<>(Map.of("duration", "10", "warmup", "5", "connections", "50",
                "targets", "loomicorn-vthread,loomicorn-reactor,undertow,jetty", "workers", "2"));
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root")) {
                root = Path.of(args[++i]);
            } else if (a.startsWith("--") && i + 1 < args.length && o.containsKey(a.substring(2))) {
                o.put(a.substring(2), args[++i]);
            } else {
                System.err.println("benchmarks/run tls: unknown option " + a
                        + " (known: --duration S, --warmup S, --connections N, --targets LIST, --workers N)");
                System.exit(2);
            }
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
        for (String target : o.get("targets").split(",")) {
            Path log = dir.resolve("raw/" + target + ".log");
            Process server = start(root, target, Integer.parseInt(o.get("workers")), pki, log);
            try {
                int port = awaitReady(server, target, log, target.startsWith("loomicorn") ? Integer.parseInt(o.get("workers")) : 0, pki);
                negotiated.put(target, negotiated(port));
                String url = "https://127.0.0.1:" + port + "/";
                int warm = Integer.parseInt(o.get("warmup"));
                // wrk's default timeout (2 s) counts a handshake queued behind 50 others on a busy machine as lost.
                List<String> keepAlive = List.of("--timeout", "10s");
                List<String> handshake = List.of("--timeout", "10s", "-H", "Connection: close");
                WrkWindow.wrk(url, connections, warm, keepAlive);
                WrkWindow.wrk(url, connections, warm, handshake);
                for (String scenario : SCENARIOS) {
                    List<String> extra = scenario.equals("handshake") ? handshake : keepAlive;
                    WrkWindow w = WrkWindow.measure(server.toHandle(), url, connections,
                            Integer.parseInt(o.get("duration")), extra);
                    rows.add(new Row(target, scenario, w));
                    System.out.printf(Locale.ROOT, "  %-18s %-10s %10.0f req/s %8.1f µs CPU/req %s%n", target, scenario,
                            w.rps(), w.cpuMicrosPerRequest(), w.errors());
                }
            } finally {
                ChildProcesses.get().stop(server.toHandle(), Duration.ofSeconds(10));
            }
        }
        String table = table(rows, negotiated, machine, o, started);
        Files.writeString(dir.resolve("results.md"), table);
        System.out.println();
        System.out.print(table);
        return 0;
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

    private static Process start(Path root, String target, int workers, Path pki, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        if (target.startsWith("loomicorn-")) {
            Path lib = root.resolve("distribution/target/loomicorn/lib");
            cmd.addAll(MasterCommand.command(java, lib + "/*", List.of(), List.of(
                    "-k", target.substring("loomicorn-".length()),
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
                MachineInfo.loadAverageNow())).append(". wrk -t2 -c").append(o.get("connections")).append(", ")
                .append(o.get("duration")).append(" s per window after ").append(o.get("warmup"))
                .append(" s of warm-up per scenario; the load generator shares the machine. Loomicorn -w ")
                .append(o.get("workers")).append(" (DemoApp, PEM files); Undertow (one I/O thread per core) and Jetty"
                        + " (default pool) one JVM each, same key as PKCS#12, serial GC; JSSE everywhere."
                        + " `handshake`: `Connection: close`, a full handshake per request.\n\n");
        sb.append("Negotiated (openssl s_client): ");
        negotiated.forEach((t, n) -> sb.append(t).append(" ").append(n.isEmpty() ? "?" : n).append("; "));
        sb.append("\n\n| scenario | server | req/s | CPU µs/req | CPU/req vs the better baseline | errors |\n");
        sb.append("|---|---|--:|--:|--:|---|\n");
        for (String scenario : SCENARIOS) {
            double best = rows.stream().filter(r -> r.scenario().equals(scenario)
                            && (r.target().equals("undertow") || r.target().equals("jetty")))
                    .mapToDouble(r -> r.window().cpuMicrosPerRequest()).min().orElse(Double.NaN);
            for (Row r : rows) {
                if (!r.scenario().equals(scenario)) {
                    continue;
                }
                WrkWindow w = r.window();
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %s | %s |%n", scenario, r.target(),
                        w.rps(), w.cpuMicrosPerRequest(),
                        Double.isNaN(best) ? "-" : String.format(Locale.ROOT, "%.2f", w.cpuMicrosPerRequest() / best),
                        w.errors().isEmpty() ? "none" : w.errors()));
            }
        }
        return sb.toString();
    }
}
