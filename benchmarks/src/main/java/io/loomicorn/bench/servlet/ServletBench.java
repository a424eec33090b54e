package io.loomicorn.bench.servlet;

import io.loomicorn.master.MasterCommand;
import io.loomicorn.bench.load.ChildProcesses;
import io.loomicorn.bench.load.MachineInfo;
import io.loomicorn.bench.load.WrkWindow;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code servlet} scenario of {@code benchmarks/run}: the same servlet application
 * ({@link BenchApp}: a hello servlet and a JSON echo) on Loomicorn ({@code vthread}, then
 * {@code reactor}, {@code -w 2}) and on embedded Jetty 12.1 EE 11 and Tomcat 11 (one JVM
 * each, default thread pools), one after the other in the same run, driven by wrk over
 * loopback. For each it reports requests per second and the server's CPU time per request
 * (all of its processes, from {@code /proc}), and both as ratios to Jetty's.
 *
 * <pre>{@code benchmarks/run servlet [--duration 10] [--warmup 5] [--connections 50] [--targets a,b]}</pre>
 */
public final class ServletBench {

    private static final Pattern LISTENING = Pattern.compile("Listening at: http://[^\\s]*:(\\d+)");
    private static final Pattern BOOTING = Pattern.compile("Booting worker with pid");
    private static final String JSON = "{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\",\"c\"],\"price\":12.5,"
            + "\"stock\":{\"warehouse\":\"north\",\"count\":1000}}";

    /** One measured window. */
    record Row(String target, String scenario, WrkWindow window) {
        double rps() {
            return window.rps();
        }

        double cpuMicrosPerRequest() {
            return window.cpuMicrosPerRequest();
        }

        String errors() {
            return window.errors();
        }
    }

    private ServletBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --root DIR} (set by {@code benchmarks/run}), and the options above
     * @throws Exception if a server cannot start or wrk fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("duration", "10", "warmup", "5", "connections", "50",
                "targets", "loomicorn-vthread,loomicorn-reactor,jetty,tomcat", "workers", "2"));
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root")) {
                root = Path.of(args[++i]);
            } else if (a.startsWith("--") && i + 1 < args.length && o.containsKey(a.substring(2))) {
                o.put(a.substring(2), args[++i]);
            } else {
                System.err.println("benchmarks/run servlet: unknown option " + a
                        + " (known: --duration S, --warmup S, --connections N, --targets LIST, --workers N)");
                System.exit(2);
            }
        }
        try {
            System.exit(run(root.toAbsolutePath().normalize(), o));
        } finally {
            ChildProcesses.get().stopAll();
        }
    }

    private static int run(Path root, Map<String, String> o) throws Exception {
        Instant started = Instant.now();
        Path dir = root.resolve("benchmarks/results")
                .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started) + "-servlet");
        Files.createDirectories(dir.resolve("raw"));
        Path lua = Files.writeString(dir.resolve("raw/json-echo.lua"), "wrk.method = \"POST\"\n"
                + "wrk.body = '" + JSON + "'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
        MachineInfo machine = MachineInfo.current();
        System.out.println("Servlet benchmark: " + o.get("targets") + "; " + machine.describe() + "; results: " + dir);
        List<Row> rows = new ArrayList<>();
        for (String target : o.get("targets").split(",")) {
            Process server = start(root, target, Integer.parseInt(o.get("workers")), dir.resolve("raw/" + target + ".log"));
            try {
                int port = awaitReady(server, target, dir.resolve("raw/" + target + ".log"),
                        target.startsWith("loomicorn") ? Integer.parseInt(o.get("workers")) : 0);
                String base = "http://127.0.0.1:" + port;
                int warm = Integer.parseInt(o.get("warmup"));
                int connections = Integer.parseInt(o.get("connections"));
                List<String> echo = List.of("-s", lua.toString());
                WrkWindow.wrk(base + "/hello", connections, warm, List.of());
                WrkWindow.wrk(base + "/echo", connections, warm, echo);
                for (String scenario : List.of("hello", "json-echo")) {
                    boolean hello = scenario.equals("hello");
                    Row row = new Row(target, scenario, WrkWindow.measure(server.toHandle(), base + (hello ? "/hello" : "/echo"),
                            connections, Integer.parseInt(o.get("duration")), hello ? List.of() : echo));
                    rows.add(row);
                    System.out.printf(Locale.ROOT, "  %-18s %-10s %10.0f req/s %8.1f µs CPU/req %s%n", target, scenario,
                            row.rps(), row.cpuMicrosPerRequest(), row.errors());
                }
            } finally {
                ChildProcesses.get().stop(server.toHandle(), Duration.ofSeconds(10));
            }
        }
        String table = table(rows, machine, o, started);
        Files.writeString(dir.resolve("results.md"), table);
        System.out.println();
        System.out.print(table);
        return 0;
    }

    private static Process start(Path root, String target, int workers, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        if (target.startsWith("loomicorn-")) {
            Path lib = root.resolve("distribution/target/loomicorn/lib");
            // The master users run: its options come from master.jvm and required.jvm.
            cmd.addAll(MasterCommand.command(java, lib + "/*", List.of(), List.of(
                    "-k", target.substring("loomicorn-".length()),
                    "-w", Integer.toString(workers), "-b", "127.0.0.1:0", "--keep-alive", "60",
                    "--classpath", root.resolve("benchmarks/target/classes").toString(), BenchApp.class.getName())));
        } else {
            // The same collector as Loomicorn's workers, so that the comparison is of the containers.
            cmd.addAll(List.of(java, "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    ContainerBaseline.class.getName(), target));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("LOOMICORN_CMD_ARGS");
        return ChildProcesses.get().track(pb.start());
    }

    private static int awaitReady(Process p, String target, Path log, int workers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            Matcher m = LISTENING.matcher(text);
            if (m.find() && BOOTING.matcher(text).results().count() >= workers) {
                int port = Integer.parseInt(m.group(1));
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/hello")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().equals("Hello, World!")) {
                        return port;
                    }
                } catch (IOException e) {
                    // not yet
                }
            }
            if (!p.isAlive()) {
                throw new IOException(target + " exited before it served; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IOException(target + " did not serve within 90 s; see " + log);
    }

    private static String table(List<Row> rows, MachineInfo machine, Map<String, String> o, Instant started) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Servlet benchmark, ").append(DateTimeFormatter.ISO_INSTANT.format(started)).append("\n\n");
        sb.append("Machine: ").append(machine.describe()).append(". wrk -t2 -c").append(o.get("connections"))
                .append(", ").append(o.get("duration")).append(" s per window after ").append(o.get("warmup"))
                .append(" s of warm-up; the load generator shares the machine. Loomicorn -w ").append(o.get("workers"))
                .append("; Jetty and Tomcat one JVM each with their default pools; serial GC everywhere.\n\n");
        sb.append("| scenario | server | req/s | CPU µs/req | req/s vs Jetty | CPU/req vs Jetty | errors |\n");
        sb.append("|---|---|--:|--:|--:|--:|---|\n");
        for (String scenario : List.of("hello", "json-echo")) {
            Row jetty = rows.stream().filter(r -> r.scenario().equals(scenario) && r.target().equals("jetty"))
                    .findFirst().orElse(null);
            for (Row r : rows) {
                if (!r.scenario().equals(scenario)) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %s | %s | %s |%n", scenario, r.target(),
                        r.rps(), r.cpuMicrosPerRequest(),
                        jetty == null ? "-" : String.format(Locale.ROOT, "%.2f", r.rps() / jetty.rps()),
                        jetty == null ? "-" : String.format(Locale.ROOT, "%.2f",
                                r.cpuMicrosPerRequest() / jetty.cpuMicrosPerRequest()),
                        r.errors().isEmpty() ? "none" : r.errors()));
            }
        }
        return sb.toString();
    }
}
