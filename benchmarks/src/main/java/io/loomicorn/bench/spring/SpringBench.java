package io.loomicorn.bench.spring;

import io.loomicorn.bench.load.ChildProcesses;
import io.loomicorn.bench.load.MachineInfo;
import io.loomicorn.bench.load.ProcessMetrics;
import io.loomicorn.master.MasterCommand;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code spring} scenario of {@code benchmarks/run}: the same Spring Boot 4 jar (the REST
 * application of the spring-boot module's tests: Spring Security's filter chain, Jackson,
 * bean validation) on Loomicorn ({@code -w 2}, the worker class the docs recommend, and any
 * other asked for), on Boot's Tomcat and on Boot's Jetty, one after the other in the same run,
 * driven by wrk over loopback. For each: time from start to the first answer, requests per
 * second, p99 latency, server CPU time per request (all its processes, from {@code /proc}) and
 * the total RSS of its processes after the load (and each process's); the first three as ratios to
 * the better of Tomcat and Jetty, the RSS as a ratio to Tomcat's one JVM.
 *
 * <p>With {@code --boots N} it also measures a Loomicorn worker's boot, from spawn to serving
 * (the master's {@code booted in} line), with its CPU time and how many of its classes came
 * from the cache, over N HUP reloads without the JDK AOT cache and N
 * with it (trained by the master from a run that starts the context).
 *
 * <pre>{@code benchmarks/run spring [--duration 10] [--warmup 10] [--connections 50]
 *     [--targets loomicorn-vthread,tomcat,jetty] [--workers 2] [--boots 3]}</pre>
 * ({@code --targets none --boots 3} measures the boots only).
 */
public final class SpringBench {

    private static final String MAIN = "io.loomicorn.springboot.apps.rest.RestApplication";
    private static final Pattern LISTENING = Pattern.compile("Listening at: http://[^\\s]*:(\\d+)");
    private static final Pattern BOOT_PORT = Pattern.compile("(?:Tomcat|Jetty) started on port (\\d+)");
    private static final Pattern BOOTING = Pattern.compile("Booting worker with pid");
    private static final Pattern BOOTED_IN = Pattern.compile("Worker \\(pid:(\\d+)\\) booted in (\\d+) ms");
    /** wrk's total: "17 requests in 0.93m" when a window overran by minutes (a stalled server). */
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(ms|s|m)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: (.*)");
    private static final String ITEM = "{\"id\":21,\"name\":\"widget\"}";

    /** A scenario: a request and how many connections ask it at once. */
    record Scenario(String name, String path, boolean post, int connections) {
    }

    /** One measured window. */
    record Row(String target, String scenario, long requests, double seconds, double p99Ms, long cpuTicks,
               String errors) {
        double rps() {
            return requests / seconds;
        }

        double cpuMicrosPerRequest() {
            return requests == 0 ? Double.NaN : cpuTicks * 1e6 / ProcessMetrics.TICKS_PER_SECOND / requests;
        }
    }

    /** What a target cost to start and to hold. */
    record Footprint(String target, long startMillis, long rssKib, int processes, String split) {
    }

    /** A worker's boot: spawn to serving (the master's line), its CPU time then, and where its classes came from. */
    record Boot(long millis, long cpuMillis, String classes) {
    }

    private SpringBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --root DIR} (set by {@code benchmarks/run}), and the options above
     * @throws Exception if a server cannot start or wrk fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("duration", "10", "warmup", "10", "connections", "50",
                "targets", "loomicorn-vthread,tomcat,jetty", "workers", "2", "boots", "3"));
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root")) {
                root = Path.of(args[++i]);
            } else if (a.startsWith("--") && i + 1 < args.length && o.containsKey(a.substring(2))) {
                o.put(a.substring(2), args[++i]);
            } else {
                System.err.println("benchmarks/run spring: unknown option " + a + " (known: --duration S, --warmup S, "
                        + "--connections N, --targets LIST, --workers N, --boots N)");
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
                .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started) + "-spring");
        Files.createDirectories(dir.resolve("raw"));
        Path lua = Files.writeString(dir.resolve("raw/json-post.lua"), "wrk.method = \"POST\"\n"
                + "wrk.body = '" + ITEM + "'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
        Apps apps = new Apps(root);
        MachineInfo machine = MachineInfo.current();
        int connections = Integer.parseInt(o.get("connections"));
        List<Scenario> scenarios = List.of(
                new Scenario("json-get", "/api/items/7", false, connections),
                new Scenario("json-post", "/api/items", true, connections),
                new Scenario("io-10ms", "/api/slow?ms=10", false, 100));
        System.out.println("Spring benchmark: " + o.get("targets") + "; " + machine.describe() + "; results: " + dir);
        List<Row> rows = new ArrayList<>();
        List<Footprint> footprints = new ArrayList<>();
        int workers = Integer.parseInt(o.get("workers"));
        List<String> targets = o.get("targets").equals("none") ? List.of() : List.of(o.get("targets").split(","));
        for (String target : targets) {
            Path log = dir.resolve("raw/" + target + ".log");
            long t0 = System.nanoTime();
            Process server = start(apps, target, workers, log);
            try {
                int port = awaitFirstAnswer(server, target, log);
                long startMillis = (System.nanoTime() - t0) / 1_000_000;
                if (target.startsWith("loomicorn")) {
                    awaitWorkers(log, workers);
                }
                String base = "http://127.0.0.1:" + port;
                int warm = Integer.parseInt(o.get("warmup"));
                wrk(base + "/api/items/7", null, connections, warm);
                wrk(base + "/api/items", lua, connections, warm / 2);
                for (Scenario s : scenarios) {
                    long before = treeTicks(server);
                    String out = wrk(base + s.path(), s.post() ? lua : null, s.connections(),
                            Integer.parseInt(o.get("duration")));
                    Row row = row(target, s.name(), out, treeTicks(server) - before);
                    rows.add(row);
                    System.out.printf(Locale.ROOT, "  %-18s %-10s %9.0f req/s  p99 %7.1f ms  %7.1f µs CPU/req %s%n",
                            target, s.name(), row.rps(), row.p99Ms(), row.cpuMicrosPerRequest(), row.errors());
                }
                Footprint f = new Footprint(target, startMillis, treeRss(server), 1 + (int) server.descendants().count(),
                        rssSplit(server));
                footprints.add(f);
                System.out.printf(Locale.ROOT, "  %-18s start to first answer %d ms, RSS %d MiB in %d process(es)%n",
                        target, f.startMillis(), f.rssKib() >> 10, f.processes());
            } finally {
                ChildProcesses.get().stop(server.toHandle(), Duration.ofSeconds(15));
            }
        }
        Map<String, List<Boot>> boots = new LinkedHashMap<>();
        int n = Integer.parseInt(o.get("boots"));
        if (n > 0) {
            boots.put("without AOT cache", bootTimes(apps, dir, false, n));
            boots.put("with AOT cache", bootTimes(apps, dir, true, n));
        }
        String table = table(rows, footprints, boots, scenarios, machine, o, started);
        Files.writeString(dir.resolve("results.md"), table);
        System.out.println();
        System.out.print(table);
        return 0;
    }

    /** The jars the spring-boot module's build assembles (its package phase). */
    record Apps(Path root, Path lib, Path tomcat, Path jetty, Path adapter, Path app) {
        Apps(Path root) {
            this(root, root.resolve("spring-boot/target/apps/lib"), root.resolve("spring-boot/target/apps/tomcat"),
                    root.resolve("spring-boot/target/apps/jetty"), jar(root, ".jar"), jar(root, "-rest-app.jar"));
        }

        /** The adapter's jar ({@code suffix} ".jar") or a test application's ({@code "-rest-app.jar"}). */
        private static Path jar(Path root, String suffix) {
            Path target = root.resolve("spring-boot/target");
            try (Stream<Path> files = Files.list(target)) {
                return files.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("loomicorn-spring-boot-") && n.endsWith(suffix)
                            && (!suffix.equals(".jar") || !n.endsWith("-app.jar"));
                }).findFirst().orElseThrow(() -> new IllegalStateException("no *" + suffix + " in " + target));
            } catch (IOException e) {
                throw new IllegalStateException("build the spring-boot module first: " + e.getMessage(), e);
            }
        }

        String loomicornClasspath() {
            return String.join(File.pathSeparator, lib + "/*", adapter.toString(), app.toString());
        }
    }

    private static Process start(Apps apps, String target, int workers, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        if (target.startsWith("loomicorn-")) {
            // The master users run: its options come from master.jvm and required.jvm.
            cmd.addAll(MasterCommand.command(java, apps.root().resolve("distribution/target/loomicorn/lib") + "/*",
                    List.of(), List.of("-k", target.substring("loomicorn-".length()), "-w", Integer.toString(workers),
                            "-b", "127.0.0.1:0", "--keep-alive", "60", "--timeout", "120", "--aot-cache", "off",
                            "--classpath", apps.loomicornClasspath(), MAIN)));
        } else {
            Path server = target.equals("tomcat") ? apps.tomcat() : apps.jetty();
            // The same collector as Loomicorn's workers, so that the comparison is of the servers.
            cmd.addAll(List.of(java, "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                    String.join(File.pathSeparator, apps.lib() + "/*", server + "/*", apps.app().toString()), MAIN,
                    "--server.port=0", "--server.address=127.0.0.1"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("LOOMICORN_CMD_ARGS");
        return ChildProcesses.get().track(pb.start());
    }

    private static int awaitFirstAnswer(Process p, String target, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            Matcher m = (target.startsWith("loomicorn") ? LISTENING : BOOT_PORT).matcher(text);
            if (m.find()) {
                int port = Integer.parseInt(m.group(1));
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/items/1")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return port;
                    }
                } catch (IOException e) {
                    // not yet
                }
            }
            if (!p.isAlive()) {
                throw new IOException(target + " exited before it served; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IOException(target + " did not serve within 300 s; see " + log);
    }

    private static void awaitWorkers(Path log, int workers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (BOOTING.matcher(Files.readString(log)).results().count() < workers
                || countStarted(log) < workers) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the workers did not all boot; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private static long countStarted(Path log) throws IOException {
        return Files.readString(log).lines().filter(l -> l.contains("Spring Boot application " + MAIN + " started")).count();
    }

    /**
     * Boots of a worker, spawn to serving, from the master's debug line, over {@code n} HUP reloads:
     * with the AOT cache, after the master has trained it (in its own {@code worker_tmp_dir}, so
     * that the cache is new).
     */
    private static List<Boot> bootTimes(Apps apps, Path dir, boolean aot, int n) throws Exception {
        String name = aot ? "boot-aot" : "boot-no-aot";
        Path log = dir.resolve("raw/" + name + ".log");
        Path tmp = Files.createDirectories(dir.resolve("raw/" + name + "-tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = MasterCommand.command(java, apps.root().resolve("distribution/target/loomicorn/lib") + "/*",
                List.of(), List.of("-k", "vthread", "-w", "1", "-b", "127.0.0.1:0", "--timeout", "120", "--log-level", "debug",
                        "--aot-cache", aot ? "auto" : "off", "--worker-tmp-dir", tmp.toString(),
                        "--classpath", apps.loomicornClasspath(), MAIN));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("LOOMICORN_CMD_ARGS");
        Process master = ChildProcesses.get().track(pb.start());
        List<Boot> times = new ArrayList<>();
        try {
            awaitFirstAnswer(master, "loomicorn", log);
            if (aot) {
                awaitLine(log, "AOT cache ready", Duration.ofSeconds(600));
            }
            for (int i = 0; i < n; i++) {
                int seen = bootedLines(log).size();
                new ProcessBuilder("kill", "-HUP", Long.toString(master.pid())).start().waitFor();
                long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
                while (bootedLines(log).size() <= seen && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                List<long[]> all = bootedLines(log);
                if (all.size() > seen) {
                    long pid = all.getLast()[0];
                    Thread.sleep(1_000); // the worker idles once it serves: its CPU time is its boot's
                    long ticks = ProcessMetrics.cpuTicks(pid).orElse(-1);
                    Boot b = new Boot(all.getLast()[1], ticks < 0 ? -1 : ticks * 1000 / ProcessMetrics.TICKS_PER_SECOND,
                            sharedClasses(pid));
                    times.add(b);
                    System.out.printf(Locale.ROOT, "  boot %s: %d ms, %d ms CPU, classes %s%n",
                            aot ? "with AOT cache" : "without AOT cache", b.millis(), b.cpuMillis(), b.classes());
                }
                Thread.sleep(5_000); // the old worker drains and exits
            }
        } finally {
            ChildProcesses.get().stop(master.toHandle(), Duration.ofSeconds(15));
        }
        return times;
    }

    /** The master's {@code booted in} lines: pid and milliseconds. */
    private static List<long[]> bootedLines(Path log) throws IOException {
        List<long[]> booted = new ArrayList<>();
        Matcher m = BOOTED_IN.matcher(Files.readString(log));
        while (m.find()) {
            booted.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return booted;
    }

    /** "shared of loaded" from the JVM's class-loading counters (jcmd): the classes the AOT cache or CDS gave it. */
    private static String sharedClasses(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "PerfCounter.print").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(60, TimeUnit.SECONDS);
            Matcher shared = Pattern.compile("java\\.cls\\.sharedLoadedClasses=(\\d+)").matcher(out);
            Matcher other = Pattern.compile("java\\.cls\\.loadedClasses=(\\d+)").matcher(out);
            if (shared.find() && other.find()) {
                long s = Long.parseLong(shared.group(1));
                return s + " of " + (s + Long.parseLong(other.group(1)));
            }
        } catch (IOException e) {
            return "-";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "-";
    }

    private static void awaitLine(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no '" + text + "' within " + timeout + "; see " + log);
            }
            Thread.sleep(500);
        }
    }

    private static String wrk(String url, Path script, int connections, int seconds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "--timeout", "10s"));
        if (script != null) {
            cmd.addAll(List.of("-s", script.toString()));
        }
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed: " + out);
        }
        return out;
    }

    private static Row row(String target, String scenario, String wrk, long ticks) {
        Matcher t = TOTAL.matcher(wrk);
        Matcher p = P99.matcher(wrk);
        if (!t.find() || !p.find()) {
            throw new IllegalStateException("unreadable wrk output: " + wrk);
        }
        double seconds = Double.parseDouble(t.group(2)) * switch (t.group(3)) {
            case "ms" -> 0.001;
            case "m" -> 60;
            default -> 1;
        };
        double p99 = Double.parseDouble(p.group(1)) * switch (p.group(2)) {
            case "us" -> 0.001;
            case "s" -> 1000;
            default -> 1;
        };
        List<String> errors = new ArrayList<>();
        Matcher n = NON_2XX.matcher(wrk);
        if (n.find()) {
            errors.add(n.group(1) + " non-2xx");
        }
        Matcher s = SOCKET.matcher(wrk);
        if (s.find()) {
            errors.add("socket errors: " + s.group(1));
        }
        return new Row(target, scenario, Long.parseLong(t.group(1)), seconds, p99, ticks, String.join(", ", errors));
    }

    private static List<ProcessHandle> tree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(p.toHandle());
        p.descendants().forEach(tree::add);
        return tree;
    }

    /** CPU ticks of the server and every process below it (a Loomicorn master and its workers). */
    private static long treeTicks(Process p) {
        long sum = 0;
        for (ProcessHandle h : tree(p)) {
            OptionalLong t = ProcessMetrics.cpuTicks(h.pid());
            if (t.isPresent()) {
                sum += t.getAsLong();
            }
        }
        return sum;
    }

    private static long treeRss(Process p) {
        long sum = 0;
        for (ProcessHandle h : tree(p)) {
            OptionalLong r = ProcessMetrics.rssKib(h.pid());
            if (r.isPresent()) {
                sum += r.getAsLong();
            }
        }
        return sum;
    }

    private static String table(List<Row> rows, List<Footprint> footprints, Map<String, List<Boot>> boots,
                                List<Scenario> scenarios, MachineInfo machine, Map<String, String> o, Instant started) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Spring Boot benchmark, ").append(DateTimeFormatter.ISO_INSTANT.format(started)).append("\n\n");
        if (footprints.isEmpty()) {
            sb.append("Machine: ").append(machine.describe()).append(". Boots only (`--targets none`).\n");
        } else {
            sb.append("Machine: ").append(machine.describe()).append(". The REST application of the spring-boot module "
                    + "(Spring Boot 4.0.7, Spring Security's filter chain, Jackson 3). wrk -t2 --latency, ")
                    .append(o.get("duration")).append(" s per window after ").append(o.get("warmup"))
                    .append(" s of warm-up; the load generator shares the machine. Loomicorn -w ").append(o.get("workers"))
                    .append(" (AOT cache off); Tomcat and Jetty: Boot's starters, one JVM each with their default pools; "
                            + "serial GC everywhere.\n\n");
            sb.append("Ratios are to the better of Tomcat and Jetty in that scenario (higher req/s, lower p99, lower "
                    + "CPU per request), measured in this run.\n\n");
            sb.append("| scenario | server | req/s | p99 ms | CPU µs/req | req/s vs best | p99 vs best | CPU/req vs best | errors |\n");
            sb.append("|---|---|--:|--:|--:|--:|--:|--:|---|\n");
            for (Scenario s : scenarios) {
                List<Row> boot = rows.stream().filter(r -> r.scenario().equals(s.name())
                        && (r.target().equals("tomcat") || r.target().equals("jetty"))).toList();
                Double bestRps = boot.stream().mapToDouble(Row::rps).max().stream().boxed().findFirst().orElse(null);
                Double bestP99 = boot.stream().mapToDouble(Row::p99Ms).min().stream().boxed().findFirst().orElse(null);
                Double bestCpu = boot.stream().mapToDouble(Row::cpuMicrosPerRequest).min().stream().boxed().findFirst()
                        .orElse(null);
                for (Row r : rows) {
                    if (!r.scenario().equals(s.name())) {
                        continue;
                    }
                    sb.append(String.format(Locale.ROOT, "| %s (%d conn.) | %s | %.0f | %.1f | %.1f | %s | %s | %s | %s |%n",
                            s.name(), s.connections(), r.target(), r.rps(), r.p99Ms(), r.cpuMicrosPerRequest(),
                            ratio(bestRps == null ? null : r.rps() / bestRps),
                            ratio(bestP99 == null ? null : r.p99Ms() / bestP99),
                            ratio(bestCpu == null ? null : r.cpuMicrosPerRequest() / bestCpu),
                            r.errors().isEmpty() ? "none" : r.errors()));
                }
            }
            sb.append("\n| server | start to first answer | RSS after the load | processes | RSS vs one Tomcat JVM | RSS per process |\n");
            sb.append("|---|--:|--:|--:|--:|---|\n");
            Footprint tomcat = footprints.stream().filter(f -> f.target().equals("tomcat")).findFirst().orElse(null);
            for (Footprint f : footprints) {
                sb.append(String.format(Locale.ROOT, "| %s | %.1f s | %d MiB | %d | %s | %s |%n", f.target(), f.startMillis() / 1000.0,
                        f.rssKib() >> 10, f.processes(), ratio(tomcat == null ? null : (double) f.rssKib() / tomcat.rssKib()),
                        f.split()));
            }
        }
        if (!boots.isEmpty()) {
            sb.append("\nA Loomicorn worker's boot (vthread, -w 1, HUP reloads): spawn to serving (the master's "
                    + "`booted in`, wall time), the worker's CPU time when it serves, and its classes that came from the "
                    + "AOT cache or the JDK's CDS archive (jcmd's counters):\n\n");
            sb.append("| | boots, wall ms | median wall | boots, CPU ms | median CPU | classes shared of loaded |\n");
            sb.append("|---|---|--:|---|--:|---|\n");
            for (Map.Entry<String, List<Boot>> e : boots.entrySet()) {
                List<Long> wall = e.getValue().stream().map(Boot::millis).toList();
                List<Long> cpu = e.getValue().stream().map(Boot::cpuMillis).toList();
                sb.append("| ").append(e.getKey()).append(" | ").append(wall).append(" | ").append(median(wall))
                        .append(" | ").append(cpu).append(" | ").append(median(cpu)).append(" | ")
                        .append(e.getValue().stream().map(Boot::classes).toList()).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? "-" : Long.toString(sorted.get(sorted.size() / 2));
    }

    /** RSS of each process of a server: a Loomicorn master, then its workers. */
    private static String rssSplit(Process p) {
        List<String> parts = new ArrayList<>();
        for (ProcessHandle h : tree(p)) {
            OptionalLong r = ProcessMetrics.rssKib(h.pid());
            if (r.isPresent()) {
                parts.add((h.pid() == p.pid() ? (p.descendants().findAny().isPresent() ? "master " : "") : "")
                        + (r.getAsLong() >> 10));
            }
        }
        return String.join(" + ", parts) + " MiB";
    }

    private static String ratio(Double r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.2f", r);
    }
}
