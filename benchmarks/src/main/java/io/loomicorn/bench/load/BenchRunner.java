package io.loomicorn.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * The load runner's entry point ({@code benchmarks/run}): for each worker class (and
 * optionally Undertow and Helidon), starts the server, runs every scenario against it, stops it, and
 * writes {@code results.md}, {@code results.json} and {@code chart.svg} into
 * {@code benchmarks/results/<timestamp>/} (rewritten after every scenario, so an
 * interrupted run leaves what it measured). Server logs go to {@code raw/}.
 *
 * <p>Every process it starts is stopped by pid, on success, failure and Ctrl-C.
 */
public final class BenchRunner {

    private static final DateTimeFormatter DIR_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private BenchRunner() {
    }

    /**
     * What a run left behind.
     *
     * @param directory the results directory
     * @param report    the measurements, or null for a JMH-only run
     * @param exitCode  0 when every server started and every scenario ran
     */
    public record Outcome(Path directory, RunReport report, int exitCode) {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args see {@link BenchOptions#USAGE}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @param out  the console
     * @param err  where errors go
     * @return the exit status: 0 success, 1 a server or scenario failed, 2 bad usage,
     *         130 interrupted
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested e) {
            out.print(BenchOptions.USAGE);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("benchmarks/run: " + e.getMessage());
            return 2;
        }
        try {
            return execute(options, out).exitCode();
        } catch (IllegalArgumentException | IOException e) {
            err.println("benchmarks/run: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            err.println("benchmarks/run: interrupted");
            return 130;
        } finally {
            ChildProcesses.get().stopAll();
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param options the options
     * @param out     the console (progress and summaries)
     * @return where the results are, and what they are
     * @throws IOException if the distribution is missing or results cannot be written
     * @throws InterruptedException if interrupted
     */
    public static Outcome execute(BenchOptions options, PrintStream out) throws IOException, InterruptedException {
        Path root = projectRoot(options);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Instant started = Instant.now();
        Path dir = resultsDirectory(options, root, started);
        if (options.jmh() == BenchOptions.JmhMode.ONLY) {
            int status = runJmh(options, root, java, dir, out);
            return new Outcome(dir, null, status == 0 ? 0 : 1);
        }
        Path lib = root.resolve("distribution/target/loomicorn/lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException("no Loomicorn distribution at " + lib
                    + "; build it first (./loomicorn --version builds it; benchmarks/run does too)");
        }
        List<String> targets = new ArrayList<>(options.classes().isEmpty()
                ? WorkerClassDiscovery.find(lib) : options.classes());
        if (targets.isEmpty()) {
            throw new IOException("the distribution at " + lib + " has no worker classes");
        }
        if (options.withUndertow()) {
            targets.add("undertow");
        }
        if (options.withHelidon()) {
            targets.add("helidon");
        }
        if (options.withUndertowPair()) {
            targets.add("undertow-pair");
        }
        LoadDriver driver = driver(options, out);
        String generator = describe(driver, options);
        MachineInfo machine = MachineInfo.current();
        out.println("Loomicorn load benchmark: " + String.join(", ", targets) + " × "
                + options.scenarios().stream().map(Scenario::id).reduce((a, b) -> a + ", " + b).orElse(""));
        out.println("  machine: " + machine.describe() + String.format(Locale.ROOT, ", load average %.2f",
                machine.loadAverage()));
        out.println("  load: " + generator + "; results: " + dir);

        Run run = new Run(options, java, lib, dir, started, machine, generator, targets,
                new ScenarioRunner(options, driver, new ProgressLine(out, ProgressLine.stdoutIsTerminal())));
        List<List<Scenario>> serverRuns = serverRuns(options);
        List<List<Scenario>> singleWindows = serverRuns;
        if (options.rounds() > 1 && options.idleConnections(serverRuns.getFirst().getFirst()) == 0) {
            run.rounds(serverRuns.getFirst());
            singleWindows = serverRuns.subList(1, serverRuns.size());
        }
        for (String target : targets) {
            for (List<Scenario> scenarios : singleWindows) {
                String name = scenarios == serverRuns.getFirst() ? target : target + "-" + scenarios.getFirst().id();
                ServerUnderTest server = run.start(target, name, scenarios);
                if (server == null) {
                    continue;
                }
                try {
                    for (Scenario scenario : scenarios) {
                        run.record(run.measure(server, scenario));
                    }
                } catch (IOException e) {
                    run.failed(target, name, scenarios, e);
                } finally {
                    server.close();
                }
            }
        }
        RunReport report = run.report();
        write(dir, report);
        out.println(elapsed(started) + "done");
        out.println();
        out.print(ResultTable.table(report));
        out.println();
        out.println("Results: " + dir.resolve("results.md"));
        out.println("         " + dir.resolve("results.json"));
        out.println("         " + dir.resolve("chart.svg"));
        int status = run.allRan ? 0 : 1;
        if (options.jmh() == BenchOptions.JmhMode.ALSO && runJmh(options, root, java, dir, out) != 0) {
            status = 1;
        }
        return new Outcome(dir, report, status);
    }

    /** One run's servers, results and progress, shared by single windows and rounds. */
    private static final class Run {
        private final BenchOptions options;
        private final Path java;
        private final Path lib;
        private final Path dir;
        private final Instant started;
        private final MachineInfo machine;
        private final String generator;
        private final List<String> targets;
        private final ScenarioRunner runner;
        private final ProgressLine progress;
        private final List<ScenarioResult> results = new ArrayList<>();
        private final Map<String, List<ProcessMetrics.Sample>> boot = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();
        private final int steps;
        private int step;
        private boolean allRan = true;

        Run(BenchOptions options, Path java, Path lib, Path dir, Instant started, MachineInfo machine,
            String generator, List<String> targets, ScenarioRunner runner) {
            this.options = options;
            this.java = java;
            this.lib = lib;
            this.dir = dir;
            this.started = started;
            this.machine = machine;
            this.generator = generator;
            this.targets = targets;
            this.runner = runner;
            this.progress = runner.progress();
            int perServer = 0;
            for (Scenario s : options.scenarios()) {
                perServer += options.idleConnections(s) == 0 ? options.rounds() : 1;
            }
            this.steps = targets.size() * perServer;
        }

        /**
         * Starts, readies and warms up a server; on failure, records its scenarios as failed
         * and returns null.
         */
        ServerUnderTest start(String target, String name, List<Scenario> scenarios) throws InterruptedException, IOException {
            Path log = dir.resolve("raw").resolve(name + ".log");
            progress.update("starting " + target + " …");
            ServerUnderTest server = null;
            try {
                server = switch (target) {
                    case "undertow" -> ServerUnderTest.undertow(java, options.workers(), log);
                    case "helidon" -> ServerUnderTest.helidon(java, log);
                    case "undertow-pair" -> ServerUnderTest.undertowPair(java, options.workers(), log);
                    default -> ServerUnderTest.loomicorn(target, java, lib, options.workers(), loomicornArgs(options), log);
                };
                server.awaitReady(Duration.ofSeconds(90));
                progress.update("waiting for " + target + "'s AOT cache training …");
                if (!server.awaitAotTraining(Duration.ofSeconds(240))) {
                    progress.println(target + ": the worker AOT cache training still runs; its CPU counts as the server's");
                }
                boot.putIfAbsent(target, server.sample());
                progress.println(elapsed(started) + String.format(Locale.ROOT, "%s: serving on 127.0.0.1:%d (pid %d, %d processes)",
                        target, server.port(), server.pid(), server.sample().size()));
                runner.warmServer(server);
                return server;
            } catch (IOException e) {
                if (server != null) {
                    server.close();
                }
                failed(target, name, scenarios, e);
                return null;
            }
        }

        /**
         * Records that a server could not start or warm up, or failed between windows: its
         * scenarios without a result count as failed, and the run goes on with the next server.
         */
        void failed(String target, String name, List<Scenario> scenarios, IOException e) throws IOException {
            allRan = false;
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            failures.add(target + ": " + why.lines().findFirst().orElse(why) + " (log: raw/" + name + ".log)");
            progress.println(target + ": could not start or warm up: " + why);
            for (Scenario scenario : scenarios) {
                if (results.stream().noneMatch(r -> r.target().equals(target) && r.scenario() == scenario)) {
                    results.add(ScenarioResult.failed(target, scenario, options.activeConnections(scenario),
                            "the server did not start"));
                }
            }
            write();
        }

        /** Measures one window and prints its line. */
        ScenarioResult measure(ServerUnderTest server, Scenario scenario) throws IOException, InterruptedException {
            step++;
            ScenarioResult r = runner.run(server, scenario, step + "/" + steps);
            allRan &= r.ok();
            return r;
        }

        /** Keeps a result for the report, prints it and rewrites the results files. */
        void record(ScenarioResult r) throws IOException {
            results.add(r);
            progress.println(elapsed(started) + summary(r));
            write();
        }

        /**
         * Runs the scenarios {@code options.rounds()} times with every server up at once: in
         * each round, each scenario's windows run back to back, the servers' order turning by
         * one each round. The report keeps each server's median round ({@link RoundResults}).
         */
        void rounds(List<Scenario> scenarios) throws IOException, InterruptedException {
            Map<String, ServerUnderTest> servers = new LinkedHashMap<>();
            try {
                for (String target : targets) {
                    ServerUnderTest server = start(target, target, scenarios);
                    if (server != null) {
                        servers.put(target, server);
                    }
                }
                List<String> up = List.copyOf(servers.keySet());
                List<String> baselines = up.stream().filter(t -> t.equals("undertow") || t.equals("helidon") || t.equals("undertow-pair")).toList();
                RoundResults rounds = new RoundResults();
                for (int round = 0; round < options.rounds(); round++) {
                    for (Scenario scenario : scenarios) {
                        for (int i = 0; i < up.size(); i++) {
                            String target = up.get((i + round) % up.size());
                            ScenarioResult r;
                            try {
                                r = measure(servers.get(target), scenario);
                            } catch (IOException e) {
                                allRan = false;
                                r = ScenarioResult.failed(target, scenario, options.activeConnections(scenario),
                                        e.getMessage() == null ? e.toString() : e.getMessage());
                            }
                            rounds.add(r);
                            progress.println(elapsed(started) + "round " + (round + 1) + "/" + options.rounds() + "  "
                                    + summary(r));
                        }
                    }
                }
                for (String target : up) {
                    for (Scenario scenario : scenarios) {
                        results.add(rounds.summary(target, scenario, baselines));
                    }
                }
                write();
            } finally {
                servers.values().forEach(ServerUnderTest::close);
            }
        }

        /** What the run has measured so far, with the load average of now. */
        RunReport report() {
            return new RunReport(started, machine, MachineInfo.loadAverageNow(), generator, options, targets, boot,
                    results, failures);
        }

        private void write() throws IOException {
            BenchRunner.write(dir, report());
        }
    }

    /**
     * Groups the scenarios by the server that runs them: those without idle connections on one
     * server, in their order, then each scenario with idle connections on a fresh server of its
     * own. A worker's heap stays as large as a previous scenario grew it (serial GC), and idle
     * connections that fit into that room cost no RSS: after {@code sleep-10ms}, vthread read
     * 0.0 KiB per idle connection.
     */
    static List<List<Scenario>> serverRuns(BenchOptions o) {
        List<List<Scenario>> runs = new ArrayList<>();
        List<Scenario> shared = new ArrayList<>();
        List<List<Scenario>> fresh = new ArrayList<>();
        for (Scenario s : o.scenarios()) {
            if (o.idleConnections(s) > 0) {
                fresh.add(List.of(s));
            } else {
                shared.add(s);
            }
        }
        if (!shared.isEmpty()) {
            runs.add(shared);
        }
        runs.addAll(fresh);
        return runs;
    }

    static List<String> loomicornArgs(BenchOptions o) {
        int most = 0;
        for (Scenario s : o.scenarios()) {
            most = Math.max(most, o.activeConnections(s) + o.idleConnections(s));
        }
        // Idle connections must outlive the scenario: keepalive covers opening, warm-up and window.
        long keepAlive = Math.max(60, o.warmup().toSeconds() + o.duration().toSeconds() + 90);
        List<String> args = new ArrayList<>(List.of(
                "--worker-connections", Integer.toString(Math.max(1000, most + 100)),
                "--keep-alive", Long.toString(keepAlive),
                "--graceful-timeout", "3"));
        if (!o.workerJvmArgs().isEmpty()) {
            args.add("--worker-jvm-args=" + o.workerJvmArgs());
        }
        return List.copyOf(args);
    }

    private static int runJmh(BenchOptions o, Path root, Path java, Path dir, PrintStream out)
            throws IOException, InterruptedException {
        int status = JmhSuite.run(java, root.resolve("benchmarks/target/benchmarks.jar"), dir, o.jmhArgs(), out);
        if (status == 0) {
            out.println("JMH results: " + dir.resolve("jmh.json"));
        } else if (Files.exists(dir.resolve("jmh.txt"))) {
            out.println("JMH exited with status " + status + " (output in " + dir.resolve("jmh.txt") + ")");
        }
        return status;
    }

    static LoadDriver driver(BenchOptions o, PrintStream out) {
        Optional<Path> wrk = WrkDriver.find();
        return switch (o.load()) {
            case JAVA -> new JavaLoadGenerator();
            case WRK -> new WrkDriver(wrk.orElseThrow(() -> new IllegalArgumentException(
                    "wrk is not installed (apt-get install wrk), or use --load java")), o.wrkThreads());
            case AUTO -> {
                if (wrk.isPresent()) {
                    yield new WrkDriver(wrk.get(), o.wrkThreads());
                }
                out.println("wrk is not installed (apt-get install wrk): using the built-in Java load generator");
                yield new JavaLoadGenerator();
            }
        };
    }

    static String describe(LoadDriver driver, BenchOptions o) {
        if (driver instanceof WrkDriver wrk) {
            return wrk.version() + " (" + o.wrkThreads() + (o.wrkThreads() == 1 ? " thread" : " threads")
                    + ", closed loop)";
        }
        return o.rate() > 0
                ? "built-in Java generator (virtual threads), open loop at " + Format.count(o.rate())
                + " req/s, latency from the intended send time"
                : "built-in Java generator (virtual threads), closed loop";
    }

    private static String elapsed(Instant started) {
        long s = Duration.between(started, Instant.now()).toSeconds();
        return String.format(Locale.ROOT, "[%d:%02d] ", s / 60, s % 60);
    }

    private static String summary(ScenarioResult r) {
        if (!r.ok()) {
            return String.format(Locale.ROOT, "%-9s %-16s failed: %s", r.target(), r.scenario().id(), r.error());
        }
        LoadResult l = r.load();
        return String.format(Locale.ROOT, "%-9s %-16s %9s req/s  p99 %8s ms  %6s errors  %7s µs/req CPU  RSS %s → %s MiB%s",
                r.target(), r.scenario().id(), Format.count(l.requestsPerSecond()), Format.millis(l.p99Micros()),
                Format.count(l.errors().total()), Format.oneDecimal(r.cpuMicrosPerRequest()),
                Format.mib(r.rssBeforeKib()), Format.mib(r.rssAfterKib()),
                r.notes().isEmpty() ? "" : "  (" + String.join("; ", r.notes()) + ")");
    }

    private static void write(Path dir, RunReport report) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), ResultTable.markdown(report));
        Files.writeString(dir.resolve("results.json"), ResultJson.json(report));
        Files.writeString(dir.resolve("chart.svg"), SvgChart.svg(report));
    }

    static Path resultsDirectory(BenchOptions o, Path root, Instant started) throws IOException {
        Path dir = o.out();
        if (dir == null) {
            Path base = root.resolve("benchmarks/results");
            String name = DIR_NAME.format(started);
            dir = base.resolve(name);
            for (int i = 2; Files.exists(dir); i++) {
                dir = base.resolve(name + "-" + i);
            }
        }
        Files.createDirectories(dir);
        return dir.toAbsolutePath();
    }

    /**
     * Finds the repository root: {@code --root}, the {@code loomicorn.projectRoot} system
     * property, or the nearest directory upwards from the working directory that holds the
     * {@code loomicorn} launcher and {@code benchmarks/}.
     */
    static Path projectRoot(BenchOptions o) throws IOException {
        if (o.root() != null) {
            return o.root().toAbsolutePath().normalize();
        }
        String prop = System.getProperty("loomicorn.projectRoot");
        if (prop != null && !prop.isBlank() && Files.isRegularFile(Path.of(prop, "loomicorn"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("loomicorn")) && Files.isDirectory(p.resolve("benchmarks"))) {
                return p;
            }
        }
        throw new IOException("cannot find the repository root (the directory with ./loomicorn); pass --root DIR");
    }
}
