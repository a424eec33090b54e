package io.loomicorn.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code benchmarks/run metrics-cost}: what the workers' metrics cost on the request path.
 * For each worker class it starts the server with the metrics on (the default) and off
 * ({@code -Dloomicorn.metrics=off} in {@code worker_jvm_args}: the engine counts into
 * nothing), alternately (on, off, off, on, on, off ...: a drift of the machine falls on
 * both alike), measures the {@code plaintext} scenario in each, and compares the server's
 * CPU per request. The cost is the ratio on/off within each pair of adjacent rounds (one of
 * each setting, back to back), reported as the median pair with the smallest and largest:
 * their spread is the machine's noise. Results go to {@code metrics-cost.md}.
 *
 * <pre>
 * benchmarks/run metrics-cost [--rounds N] [-k vthread,sync] [--duration 10s] ...
 * </pre>
 */
public final class MetricsCost {

    private static final String OFF = "-Dloomicorn.metrics=off";
    /** The default, spelled out so that both settings start workers with command lines of one length. */
    private static final String ON = "-Dloomicorn.metrics=on";

    private MetricsCost() {
    }

    /** One measured window. */
    private record Round(String target, boolean metrics, int round, double cpuMicros, double requestsPerSecond) {
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code --rounds N} (default 3 of each setting) and the load runner's options
     */
    public static void main(String[] args) throws Exception {
        int rounds = 3;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        if (!rest.contains("-k") && !rest.contains("--classes")) {
            rest.addAll(List.of("-k", "vthread"));
        }
        rest.addAll(List.of("--scenarios", "plaintext"));
        try {
            System.exit(run(BenchOptions.parse(rest.toArray(String[]::new)), rounds, System.out));
        } finally {
            ChildProcesses.get().stopAll();
        }
    }

    static int run(BenchOptions options, int rounds, PrintStream out) throws IOException, InterruptedException {
        Path root = BenchRunner.projectRoot(options);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path lib = root.resolve("distribution/target/loomicorn/lib");
        Instant started = Instant.now();
        Path dir = BenchRunner.resultsDirectory(options, root, started);
        LoadDriver driver = BenchRunner.driver(options, out);
        MachineInfo machine = MachineInfo.current();
        ProgressLine progress = new ProgressLine(out, ProgressLine.stdoutIsTerminal());
        ScenarioRunner runner = new ScenarioRunner(options, driver, progress);
        double loadBefore = machine.loadAverage();
        List<Round> measured = new ArrayList<>();
        String failure = null;
        classes:
        for (String target : options.classes()) {
            for (int round = 0; round < 2 * rounds; round++) {
                // on off off on on off ...: each pair in turn starts with the other setting
                boolean metrics = (round % 4 == 0) || (round % 4 == 3);
                List<String> args = new ArrayList<>(BenchRunner.loomicornArgs(options));
                args.addAll(List.of("--worker-jvm-args", metrics ? ON : OFF));
                Path log = dir.resolve("raw").resolve(target + "-" + round + (metrics ? "-on" : "-off") + ".log");
                try (ServerUnderTest server = ServerUnderTest.loomicorn(target, java, lib, options.workers(), args, log)) {
                    server.awaitReady(Duration.ofSeconds(90));
                    runner.warmServer(server);
                    ScenarioResult r = runner.run(server, Scenario.PLAINTEXT, (round + 1) + "/" + 2 * rounds);
                    if (!r.ok()) {
                        throw new IOException(target + " round " + round + " failed: " + r.error());
                    }
                    Round m = new Round(target, metrics, round, r.cpuMicrosPerRequest(),
                            r.load().requests() * 1000.0 / options.duration().toMillis());
                    measured.add(m);
                    progress.println(String.format(Locale.ROOT, "%s %s: %.2f µs/req, %.0f req/s", target,
                            metrics ? "metrics on " : "metrics off", m.cpuMicros(), m.requestsPerSecond()));
                } catch (IOException e) {
                    failure = target + " round " + (round + 1) + ": " + e.getMessage().lines().findFirst().orElse("");
                    break classes;
                }
            }
        }
        String report = report(measured, machine, loadBefore, MachineInfo.loadAverageNow(), BenchRunner.describe(driver, options),
                options);
        if (failure != null) {
            report += "Stopped early, " + failure + " (the server's log is in raw/).\n";
        }
        Files.writeString(dir.resolve("metrics-cost.md"), report);
        out.println();
        out.print(report);
        out.println("Results: " + dir.resolve("metrics-cost.md"));
        return failure == null ? 0 : 1;
    }

    private static String report(List<Round> rounds, MachineInfo machine, double loadBefore, double loadAfter,
                                 String generator, BenchOptions o) {
        StringBuilder md = new StringBuilder("# The cost of the workers' metrics\n\n");
        md.append(String.format(Locale.ROOT, "%s; load average %.2f before, %.2f after; %s; plaintext, %d connections,"
                        + " %d s windows after %d s of warm-up; %d workers.%n%n", machine.describe(), loadBefore, loadAfter,
                generator, o.connections(), o.duration().toSeconds(), o.warmup().toSeconds(), o.workers()));
        md.append("| class | round | metrics | server CPU µs/req | req/s |\n|---|--:|---|--:|--:|\n");
        for (Round r : rounds) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.0f |%n", r.target(), r.round() + 1,
                    r.metrics() ? "on" : "off", r.cpuMicros(), r.requestsPerSecond()));
        }
        md.append("\n| class | CPU µs/req on (mean, min–max) | off (mean, min–max) | on/off of each adjacent pair |"
                + " cost: median pair (min–max) |\n|---|--:|--:|---|--:|\n");
        for (String target : rounds.stream().map(Round::target).distinct().toList()) {
            List<Round> mine = rounds.stream().filter(r -> r.target().equals(target)).toList();
            double[] on = mine.stream().filter(Round::metrics).mapToDouble(Round::cpuMicros).toArray();
            double[] off = mine.stream().filter(r -> !r.metrics()).mapToDouble(Round::cpuMicros).toArray();
            // Rounds 2k and 2k+1 hold one setting each and ran back to back: their ratio is the
            // least exposed to the machine's drift, which other agents' load makes large here.
            double[] ratios = new double[mine.size() / 2];
            StringBuilder each = new StringBuilder();
            for (int k = 0; k < ratios.length; k++) {
                Round a = mine.get(2 * k);
                Round b = mine.get(2 * k + 1);
                ratios[k] = (a.metrics() ? a.cpuMicros() / b.cpuMicros() : b.cpuMicros() / a.cpuMicros());
                each.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", ratios[k]));
            }
            md.append(String.format(Locale.ROOT, "| %s | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %s | %+.1f%% (%+.1f%% to %+.1f%%) |%n",
                    target, mean(on), min(on), max(on), mean(off), min(off), max(off), each,
                    100 * (median(ratios) - 1), 100 * (min(ratios) - 1), 100 * (max(ratios) - 1)));
        }
        return md.append('\n').toString();
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] sorted = java.util.Arrays.stream(v).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
