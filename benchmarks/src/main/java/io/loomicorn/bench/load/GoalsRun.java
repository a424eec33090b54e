package io.loomicorn.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code benchmarks/run goals}: every figure of issue 17's goals in one run and one results
 * directory, and {@code goals.md}, which sets each figure beside its goal. The parts are
 * the project's own runners, one after the other, each into a folder of its own:
 * {@code start/} (start to first answer, worker boot and idle memory: goals 1, 2 and 6),
 * {@code cpu/} and {@code cpu-256/} (CPU per request against Undertow and Helidon, in
 * rounds, and the connections each worker held: goals 4 and 5; {@code cpu/} also against
 * Undertow in Loomicorn's process layout, for context), {@code idle/} (idle
 * keep-alive connections: goal 3) and {@code gunicorn/} ({@code compare-gunicorn.sh}: goal
 * 7, skipped with a note when gunicorn is not installed).
 */
public final class GoalsRun {

    private static final DateTimeFormatter DIR_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final String CLASSES = "vthread,reactor";
    private static final Duration GUNICORN_LIMIT = Duration.ofMinutes(20);

    private GoalsRun() {
    }

    /**
     * Runs every part and writes {@code goals.md}.
     *
     * @param args {@code --rounds N} (default 3), {@code --quick} (the load runner's short
     *             windows: checks the machinery, not the numbers), {@code --root DIR}, {@code --out DIR}
     */
    public static void main(String[] args) throws Exception {
        int rounds = 3;
        Path root = null;
        Path out = null;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--quick")) {
                quick = true;
                continue;
            }
            switch (args[i]) {
                case "--rounds" -> rounds = positive(args[i], v);
                case "--root" -> root = Path.of(required(args[i], v));
                case "--out" -> out = Path.of(required(args[i], v));
                default -> {
                    System.err.println("benchmarks/run goals: unknown argument " + args[i]
                            + " (accepted: --rounds N, --quick, --root DIR, --out DIR)");
                    System.exit(2);
                }
            }
            i++;
        }
        try {
            System.exit(run(rounds, quick, root, out, System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks/run goals: " + e.getMessage());
            System.exit(2);
        } finally {
            ChildProcesses.get().stopAll();
        }
    }

    static int run(int rounds, boolean quick, Path rootArg, Path outArg, PrintStream out)
            throws IOException, InterruptedException {
        List<String> common = new ArrayList<>();
        if (quick) {
            common.add("--quick");
        }
        if (rootArg != null) {
            common.addAll(List.of("--root", rootArg.toString()));
        }
        Path root = BenchRunner.projectRoot(BenchOptions.parse(common.toArray(String[]::new)));
        Path dir = outArg != null ? outArg.toAbsolutePath()
                : root.resolve("benchmarks/results").resolve(DIR_NAME.format(Instant.now()) + "-goals");
        Files.createDirectories(dir);
        MachineInfo machine = MachineInfo.current();
        double loadBefore = machine.loadAverage();
        String r = Integer.toString(rounds);

        out.println("goals: start to first answer, worker boot, idle memory (start/)");
        StartTime.Outcome start = StartTime.run(options(common, dir.resolve("start"), "-k", CLASSES,
                "--with-undertow"), rounds, null, false, out);
        out.println("goals: CPU per request against Undertow and Helidon, in rounds (cpu/)");
        BenchRunner.Outcome cpu = BenchRunner.execute(options(common, dir.resolve("cpu"), "-k", CLASSES,
                "--with-undertow", "--with-helidon", "--with-undertow-pair",
                "--scenarios", "plaintext,plaintext-close,bytes-1mib",
                "--rounds", r, "--duration", "6s", "--warmup", "2s"), out);
        out.println("goals: plaintext at 256 connections (cpu-256/)");
        BenchRunner.Outcome cpu256 = BenchRunner.execute(options(common, dir.resolve("cpu-256"), "-k", CLASSES,
                "--with-undertow", "--with-helidon", "--scenarios", "plaintext", "--connections", "256",
                "--rounds", r, "--duration", "6s", "--warmup", "2s"), out);
        out.println("goals: idle keep-alive connections (idle/)");
        BenchRunner.Outcome idle = BenchRunner.execute(options(common, dir.resolve("idle"), "-k", CLASSES,
                "--with-undertow", "--scenarios", "idle-keepalive"), out);
        out.println("goals: sync against gunicorn's sync worker (gunicorn/)");
        GoalsReport.Gunicorn gunicorn = gunicorn(root, dir.resolve("gunicorn"), rounds, out);

        String report = GoalsReport.markdown(machine, loadBefore, MachineInfo.loadAverageNow(), rounds,
                start.figures(), cpu.report(), cpu256.report(), idle.report(), gunicorn);
        Files.writeString(dir.resolve("goals.md"), report);
        out.println();
        out.print(report);
        out.println("Results: " + dir.resolve("goals.md"));
        return start.status() == 0 && cpu.exitCode() == 0 && cpu256.exitCode() == 0 && idle.exitCode() == 0 ? 0 : 1;
    }

    private static BenchOptions options(List<String> common, Path dir, String... args) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of("--out", dir.toString()));
        all.addAll(List.of(args));
        return BenchOptions.parse(all.toArray(String[]::new));
    }

    /** Runs {@code compare-gunicorn.sh} into {@code dir}, or says why it could not. */
    private static GoalsReport.Gunicorn gunicorn(Path root, Path dir, int rounds, PrintStream out)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("console.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("benchmarks/compare-gunicorn.sh").toString(),
                Integer.toString(rounds), "10")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("RESULTS_DIR", dir.toString());
        Process p = ChildProcesses.get().track(pb.start());
        if (!p.waitFor(GUNICORN_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            ChildProcesses.get().stop(p.toHandle(), Duration.ofSeconds(10));
            return GoalsReport.Gunicorn.notRun("compare-gunicorn.sh did not finish within "
                    + GUNICORN_LIMIT.toMinutes() + " minutes; see " + log);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        out.print(text);
        return GoalsReport.Gunicorn.parse(text, p.exitValue());
    }

    private static int positive(String flag, String v) {
        try {
            int n = Integer.parseInt(required(flag, v));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(flag + " needs a positive whole number, got: " + v);
    }

    private static String required(String flag, String v) {
        if (v == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return v;
    }
}
