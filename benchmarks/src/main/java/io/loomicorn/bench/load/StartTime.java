package io.loomicorn.bench.load;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code benchmarks/run start}: the time from exec to the first 200, as a user meets it.
 * Each start execs {@code ./loomicorn -w N -k CLASS DemoApp} (the launcher, so its own cost
 * counts) on a free loopback port and sends {@code GET /} every 5 ms until one answers 200;
 * then it samples the CPU time the master and its workers have used, and stops them. Two
 * figures per worker class: with a warm worker AOT cache, and with none yet (a file that does
 * not exist: the first start after a build, when the master's cache exists but the workers'
 * does not). Undertow ({@code --with-undertow}) and Helidon ({@code --with-helidon}) are started the
 * same way, each with its own JVM.
 * Rounds alternate the targets, so that a drift of the machine falls on all alike; the figure
 * is the median. Each warm start then idles for ten seconds, and the resident and
 * proportional set sizes (RSS, PSS) of the master and of each worker are read. Each worker's
 * boot, spawn to serving, comes from the master's {@code Worker (pid:N) booted in N ms} line
 * (its median and range over every worker of every start). Results go to {@code start.md}.
 *
 * <p>{@code --base DIR} starts a second checkout's {@code ./loomicorn} (built there) in the
 * same rounds, right after this tree's, as target {@code CLASS@base}: a before/after ratio
 * from one run. {@code --warm-only} skips the starts without a worker AOT cache.
 *
 * <pre>
 * benchmarks/run start [--rounds N] [-k vthread,reactor] [-w 2] [--with-undertow] [--with-helidon]
 *                      [--base DIR] [--warm-only]
 * </pre>
 */
public final class StartTime {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String CACHE_READY = "AOT cache ready: ";
    /**
     * How long a warm start idles after its first 200 before its memory is read: past the
     * JVM's 5 s release of the compilers' pooled arena chunks and the next native-heap trim,
     * so that the figure is the idle process's, not its start's (read at 3 s, an idle master
     * showed 62.3 MiB on a fast start and 56.4 MiB once settled).
     */
    private static final Duration IDLE = Duration.ofSeconds(10);
    /** The master's line when a worker serves: spawn to serving. */
    private static final Pattern BOOTED_IN = Pattern.compile("Worker \\(pid:\\d+\\) booted in (\\d+) ms");
    /** How long a start without the idle wait waits for its workers' {@code booted in} lines after the first 200. */
    private static final Duration BOOT_LINES = Duration.ofSeconds(5);

    private StartTime() {
    }

    /**
     * One start: wall seconds to the first 200, the CPU seconds used by then, each worker's boot
     * in milliseconds (Loomicorn only), and (warm starts) the idle memory in KiB of the master or
     * server and of each worker, or empty lists.
     */
    private record Start(String target, boolean warm, int round, double seconds, double mainCpu, double childCpu,
                         List<Long> bootMillis, List<Long> mainMemory, List<Long> workerRss, List<Long> workerPss) {
    }

    /**
     * One server's starts in one run, as medians: wall seconds to the first 200, each
     * worker's boot in milliseconds (over every worker of every start; NaN for a baseline),
     * and, for warm starts, the idle RSS and PSS in MiB of the master (or server) and of each
     * worker (NaN where not measured).
     *
     * @param target the server, e.g. {@code vthread} or {@code undertow}
     * @param warm   whether the worker AOT cache was warm (always true for a baseline)
     */
    record Figures(String target, boolean warm, double startSeconds, double workerBootMillis,
                   double mainRssMib, double mainPssMib, double workerRssMib, double workerPssMib) {
    }

    /**
     * A run's outcome.
     *
     * @param status  the exit code
     * @param figures one entry per server and AOT cache state, in the report's order
     */
    record Outcome(int status, List<Figures> figures) {
    }

    /**
     * Runs the measurement.
     *
     * @param args {@code --rounds N} (default 5) and the load runner's {@code -k}, {@code -w},
     *             {@code --with-undertow}, {@code --with-helidon}, {@code --root}, {@code --out}
     */
    public static void main(String[] args) throws Exception {
        int rounds = 5;
        Path base = null;
        boolean warmOnly = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--base") && i + 1 < args.length) {
                base = Path.of(args[++i]).toAbsolutePath();
            } else if (args[i].equals("--warm-only")) {
                warmOnly = true;
            } else {
                rest.add(args[i]);
            }
        }
        try {
            System.exit(run(BenchOptions.parse(rest.toArray(String[]::new)), rounds, base, warmOnly, System.out).status());
        } finally {
            ChildProcesses.get().stopAll();
        }
    }

    static Outcome run(BenchOptions options, int rounds, Path base, boolean warmOnly, PrintStream out)
            throws IOException, InterruptedException {
        Path root = BenchRunner.projectRoot(options);
        Path lib = root.resolve("distribution/target/loomicorn/lib");
        Path dir = BenchRunner.resultsDirectory(options, root, Instant.now());
        Path caches = Files.createTempDirectory("loomicorn-start-");
        List<String> classes = options.classes().isEmpty() ? WorkerClassDiscovery.find(lib) : options.classes();
        MachineInfo machine = MachineInfo.current();
        double loadBefore = machine.loadAverage();
        List<Start> starts = new ArrayList<>();
        try {
            Map<String, Path> trees = new LinkedHashMap<>();
            trees.put("", root);
            if (base != null) {
                trees.put("@base", base);
            }
            for (String k : classes) {
                for (Map.Entry<String, Path> tree : trees.entrySet()) {
                    String name = k + tree.getKey();
                    out.println("start: training the " + name + " workers' AOT cache …");
                    warmCache(tree.getValue(), k, options.workers(), caches.resolve(name + ".aot"),
                            dir.resolve("raw/start-" + name + "-train.log"));
                }
            }
            for (int round = 0; round < rounds; round++) {
                int first = starts.size();
                for (String k : classes) {
                    // Odd rounds start the base first, so that neither build always follows the other.
                    List<Map.Entry<String, Path>> order = new ArrayList<>(trees.entrySet());
                    if (round % 2 == 1) {
                        order = order.reversed();
                    }
                    for (Map.Entry<String, Path> tree : order) {
                        String name = k + tree.getKey();
                        starts.add(measure(name, true, round, options.workers(), loomicorn(tree.getValue(), k,
                                options.workers(), caches.resolve(name + ".aot")),
                                dir.resolve("raw/start-" + name + "-" + round + ".log")));
                    }
                    if (!warmOnly) {
                        for (Map.Entry<String, Path> tree : order) {
                            String name = k + tree.getKey();
                            Path none = caches.resolve(name + "-none-" + round + ".aot");
                            starts.add(measure(name, false, round, options.workers(),
                                    loomicorn(tree.getValue(), k, options.workers(), none),
                                    dir.resolve("raw/start-" + name + "-" + round + "-no-cache.log")));
                        }
                    }
                }
                if (options.withUndertow()) {
                    starts.add(measure("undertow", true, round, 0, undertow(options.workers()),
                            dir.resolve("raw/start-undertow-" + round + ".log")));
                }
                if (options.withHelidon()) {
                    starts.add(measure("helidon", true, round, 0, ServerUnderTest.helidonCommand(
                            Path.of(System.getProperty("java.home"), "bin", "java"), "%d"),
                            dir.resolve("raw/start-helidon-" + round + ".log")));
                }
                for (Start s : starts.subList(first, starts.size())) {
                    out.printf(Locale.ROOT, "round %d %-9s %-13s %.3f s (CPU: main %.2f s, children %.2f s)%s%n",
                            round + 1, s.target(), s.warm() ? "" : "no AOT cache", s.seconds(), s.mainCpu(),
                            s.childCpu(), s.bootMillis().isEmpty() ? "" : ", worker boots " + s.bootMillis() + " ms");
                }
            }
        } finally {
            deleteTree(caches);
        }
        String report = report(starts, machine, loadBefore, MachineInfo.loadAverageNow(), options, rounds);
        Files.writeString(dir.resolve("start.md"), report);
        out.println();
        out.print(report);
        out.println("Results: " + dir.resolve("start.md"));
        return new Outcome(0, figures(starts));
    }

    private static List<Figures> figures(List<Start> starts) {
        List<Figures> figures = new ArrayList<>();
        for (List<Start> g : groups(starts).values()) {
            Start first = g.getFirst();
            figures.add(new Figures(first.target(), first.warm(), median(g.stream().mapToDouble(Start::seconds).toArray()),
                    median(g.stream().flatMap(s -> s.bootMillis().stream()).mapToDouble(Long::doubleValue).toArray()),
                    medianMib(g.stream().filter(s -> !s.mainMemory().isEmpty()).map(s -> s.mainMemory().getFirst())),
                    medianMib(g.stream().filter(s -> !s.mainMemory().isEmpty()).map(s -> s.mainMemory().getLast())),
                    medianMib(g.stream().flatMap(s -> s.workerRss().stream())),
                    medianMib(g.stream().flatMap(s -> s.workerPss().stream()))));
        }
        return figures;
    }

    private static double medianMib(Stream<Long> kib) {
        return median(kib.mapToDouble(k -> k / 1024.0).toArray());
    }

    /** The starts by server and AOT cache state ({@code "vthread"}, {@code "vthread none"}), in order. */
    private static Map<String, List<Start>> groups(List<Start> starts) {
        Map<String, List<Start>> groups = new LinkedHashMap<>();
        for (Start s : starts) {
            groups.computeIfAbsent(s.target() + (s.warm() ? "" : " none"), g -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    private static List<String> loomicorn(Path root, String k, int workers, Path cache) {
        return List.of(root.resolve("loomicorn").toString(), "-w", Integer.toString(workers), "-k", k,
                "--aot-cache", cache.toString(), "-b", "127.0.0.1:%d", "io.loomicorn.examples.DemoApp");
    }

    private static List<String> undertow(int threads) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), UndertowBaseline.class.getName(),
                "127.0.0.1", "%d", Integer.toString(threads));
    }

    /** Starts Loomicorn once and waits until the master says the workers' cache is written. */
    private static void warmCache(Path root, String k, int workers, Path cache, Path log)
            throws IOException, InterruptedException {
        Process p = start(loomicorn(root, k, workers, cache), freePort(), log);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (!Files.readString(log, StandardCharsets.ISO_8859_1).contains(CACHE_READY)) {
                if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IOException(k + ": no AOT cache was written; see " + log);
                }
                Thread.sleep(200);
            }
        } finally {
            ChildProcesses.get().stop(p.toHandle(), Duration.ofSeconds(10));
        }
    }

    /** One start; {@code workers} is how many {@code booted in} lines to read from its log (none: 0). */
    private static Start measure(String target, boolean warm, int round, int workers, List<String> command, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        long t0 = System.nanoTime();
        Process p = start(command, port, log);
        try {
            long deadline = t0 + LIMIT.toNanos();
            while (!ResponseProbe.ok(port, Duration.ofSeconds(1))) {
                if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IOException(target + " did not answer 200 within " + LIMIT.toSeconds() + " s; see " + log);
                }
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double main = ProcessMetrics.cpuTicks(p.pid()).orElse(0) / (double) ProcessMetrics.TICKS_PER_SECOND;
            double children = p.toHandle().descendants()
                    .mapToLong(h -> ProcessMetrics.cpuTicks(h.pid()).orElse(0)).sum()
                    / (double) ProcessMetrics.TICKS_PER_SECOND;
            if (!warm) {
                return new Start(target, false, round, seconds, main, children, bootLines(log, workers),
                        List.of(), List.of(), List.of());
            }
            Thread.sleep(IDLE.toMillis());
            List<Long> boots = bootLines(log, workers);
            List<Long> mainMemory = List.of(ProcessMetrics.rssKib(p.pid()).orElse(0), ProcessMetrics.pssKib(p.pid()).orElse(0));
            List<Long> workerRss = new ArrayList<>();
            List<Long> workerPss = new ArrayList<>();
            p.toHandle().children().forEach(h -> {
                workerRss.add(ProcessMetrics.rssKib(h.pid()).orElse(0));
                workerPss.add(ProcessMetrics.pssKib(h.pid()).orElse(0));
            });
            return new Start(target, true, round, seconds, main, children, boots, mainMemory, workerRss, workerPss);
        } finally {
            ChildProcesses.get().stop(p.toHandle(), Duration.ofSeconds(10));
        }
    }

    /**
     * The workers' boots from a start's log, waiting briefly for the lines the first 200 can
     * overtake (a worker serves before the master reads its BOOTED); fewer if they do not come.
     */
    private static List<Long> bootLines(Path log, int workers) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOOT_LINES.toNanos();
        List<Long> boots = bootMillis(Files.readString(log, StandardCharsets.ISO_8859_1));
        while (boots.size() < workers && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            boots = bootMillis(Files.readString(log, StandardCharsets.ISO_8859_1));
        }
        return boots;
    }

    /** Each {@code booted in} figure of a master's log, in milliseconds, in the log's order. */
    static List<Long> bootMillis(String log) {
        List<Long> boots = new ArrayList<>();
        Matcher m = BOOTED_IN.matcher(log);
        while (m.find()) {
            boots.add(Long.parseLong(m.group(1)));
        }
        return boots;
    }

    private static Process start(List<String> command, int port, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = command.stream().map(a -> a.contains("%d") ? a.formatted(port) : a).toList();
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                // Away from a loomicorn.conf in the caller's directory.
                .directory(log.getParent().toFile());
        for (String name : List.of("LOOMICORN_CMD_ARGS", "LOOMICORN_JAVA_OPTS", "WEB_CONCURRENCY", "PORT")) {
            pb.environment().remove(name);
        }
        return ChildProcesses.get().track(pb.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String report(List<Start> starts, MachineInfo machine, double loadBefore, double loadAfter,
                                 BenchOptions o, int rounds) {
        StringBuilder md = new StringBuilder("# Start to first answer\n\n");
        md.append(String.format(Locale.ROOT, "%s; load average %.2f before, %.2f after; %d rounds, targets alternated;"
                + " %d workers (Undertow: %d I/O threads); exec to the first 200 of GET / (polled every 5 ms),"
                + " each worker's boot from spawn to serving (the master's `booted in`; over every worker of every"
                + " start), and the CPU seconds the server's processes had used by then.%n%n",
                machine.describe(), loadBefore, loadAfter, rounds, o.workers(), o.workers()));
        md.append("| server | worker AOT cache | start s: median (min–max) | worker boot ms: median (min–max)"
                + " | CPU s, master or server | CPU s, workers |\n|---|---|--:|--:|--:|--:|\n");
        Map<String, List<Start>> groups = groups(starts);
        for (List<Start> g : groups.values()) {
            Start first = g.getFirst();
            double[] wall = g.stream().mapToDouble(Start::seconds).toArray();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f (%.3f–%.3f) | %s | %.2f | %s |%n", first.target(),
                    baseline(first.target()) ? "–" : first.warm() ? "warm" : "none yet",
                    median(wall), Arrays.stream(wall).min().orElse(0), Arrays.stream(wall).max().orElse(0),
                    millis(g.stream().flatMap(s -> s.bootMillis().stream()).toList()),
                    median(g.stream().mapToDouble(Start::mainCpu).toArray()),
                    baseline(first.target()) ? "–" : String.format(Locale.ROOT, "%.2f",
                            median(g.stream().mapToDouble(Start::childCpu).toArray()))));
        }
        ratios(md, groups);
        md.append(String.format(Locale.ROOT, "%nIdle memory %d s after the first 200 of each warm start, MiB: median"
                + " (min–max) over the starts (workers: over every worker of every start). PSS counts a page"
                + " shared by n processes as 1/n, so the AOT cache and class data that workers share count once.%n%n",
                IDLE.toSeconds()));
        md.append("| server | master or server RSS | master or server PSS | worker RSS | worker PSS |\n|---|--:|--:|--:|--:|\n");
        for (List<Start> g : groups.values()) {
            if (!g.getFirst().warm()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", g.getFirst().target(),
                    mib(g.stream().map(s -> s.mainMemory().getFirst()).toList()),
                    mib(g.stream().map(s -> s.mainMemory().getLast()).toList()),
                    mib(g.stream().flatMap(s -> s.workerRss().stream()).toList()),
                    mib(g.stream().flatMap(s -> s.workerPss().stream()).toList())));
        }
        return md.append('\n').toString();
    }

    /**
     * With {@code --base}: each round's ratio of this tree's start to the base's (wall and
     * master CPU), median and range over the rounds.
     */
    private static void ratios(StringBuilder md, Map<String, List<Start>> groups) {
        boolean header = false;
        for (Map.Entry<String, List<Start>> g : groups.entrySet()) {
            String key = g.getKey();
            String baseKey = key.endsWith(" none") ? key.replace(" none", "@base none") : key + "@base";
            List<Start> base = groups.get(baseKey);
            if (key.contains("@base") || base == null) {
                continue;
            }
            List<Double> wall = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> boot = new ArrayList<>();
            for (Start s : g.getValue()) {
                for (Start b : base) {
                    if (b.round() == s.round()) {
                        wall.add(s.seconds() / b.seconds());
                        cpu.add(s.mainCpu() / b.mainCpu());
                        if (!s.bootMillis().isEmpty() && !b.bootMillis().isEmpty()) {
                            boot.add(medianBoot(s) / medianBoot(b));
                        }
                    }
                }
            }
            if (!header) {
                md.append("\nSame-round ratios, this tree / base: median (min–max) over the rounds (worker boot:"
                        + " of each start's median boot).\n\n"
                        + "| server | worker AOT cache | start | worker boot | master CPU |\n|---|---|--:|--:|--:|\n");
                header = true;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", g.getValue().getFirst().target(),
                    g.getValue().getFirst().warm() ? "warm" : "none yet", ratio(wall),
                    boot.isEmpty() ? "–" : ratio(boot), ratio(cpu)));
        }
    }

    private static double medianBoot(Start s) {
        return median(s.bootMillis().stream().mapToDouble(Long::doubleValue).toArray());
    }

    private static String ratio(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median(v), Arrays.stream(v).min().orElse(0),
                Arrays.stream(v).max().orElse(0));
    }

    /** Median and range of milliseconds, or a dash when there are none (a baseline server). */
    private static String millis(List<Long> ms) {
        if (ms.isEmpty()) {
            return "–";
        }
        double[] v = ms.stream().mapToDouble(Long::doubleValue).toArray();
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median(v), Arrays.stream(v).min().orElse(0),
                Arrays.stream(v).max().orElse(0));
    }

    private static String mib(List<Long> kib) {
        if (kib.isEmpty()) {
            return "–";
        }
        double[] v = kib.stream().mapToDouble(k -> k / 1024.0).toArray();
        return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", median(v), Arrays.stream(v).min().orElse(0),
                Arrays.stream(v).max().orElse(0));
    }

    private static boolean baseline(String target) {
        return target.equals("undertow") || target.equals("helidon");
    }

    private static double median(double[] v) {
        double[] sorted = Arrays.stream(v).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
