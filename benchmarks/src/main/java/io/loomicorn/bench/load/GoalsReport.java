package io.loomicorn.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code goals.md} for {@link GoalsRun}: one row per figure of issue 17's goals, with
 * the goal, what this run measured, and whether it is met. Ratios are taken round by round
 * against baselines that ran in the same rounds, as the load runner takes them.
 */
final class GoalsReport {

    private static final List<String> CLASSES = List.of("vthread", "reactor");
    private static final double START_WARM_SECONDS = 0.5;
    private static final double START_FIRST_SECONDS = 0.8;
    private static final double BOOT_MILLIS = 250;
    private static final double IDLE_KIB = 2.5;
    private static final double BUSIEST_SHARE = 0.60;
    private static final double MASTER_MIB = 48;
    private static final double WORKER_MIB = 56;
    private static final double GUNICORN_CPU_RATIO = 2.5;

    private GoalsReport() {
    }

    /**
     * What {@code compare-gunicorn.sh} measured: the medians of its per-round ratios, or why
     * it did not run.
     *
     * @param reqRatio Loomicorn's req/s over gunicorn's, median round; NaN if not run
     * @param cpuRatio gunicorn's CPU per request over Loomicorn's, median round; NaN if not run
     * @param why      why it did not run, or null
     */
    record Gunicorn(double reqRatio, double cpuRatio, String why) {

        private static final Pattern REQ = Pattern.compile("req/s ratio per round.*; median ([0-9.]+)x");
        private static final Pattern CPU = Pattern.compile("CPU per request ratio per round.*; median ([0-9.]+)x");

        static Gunicorn notRun(String why) {
            return new Gunicorn(Double.NaN, Double.NaN, why);
        }

        /**
         * Reads the script's output.
         *
         * @param text     everything it printed
         * @param exitCode its exit code
         * @return the medians, or why they are missing
         */
        static Gunicorn parse(String text, int exitCode) {
            Matcher req = REQ.matcher(text);
            Matcher cpu = CPU.matcher(text);
            if (exitCode == 0 && req.find() && cpu.find()) {
                return new Gunicorn(Double.parseDouble(req.group(1)), Double.parseDouble(cpu.group(1)), null);
            }
            String last = text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output");
            return notRun("compare-gunicorn.sh exited with " + exitCode + ": " + last);
        }
    }

    /**
     * The report.
     *
     * @param machine    the machine, as the run began
     * @param loadBefore the 1-minute load average as the run began
     * @param loadAfter  the 1-minute load average as it ended
     * @param rounds     rounds of the start and CPU parts
     * @param starts     the start part's figures
     * @param cpu        plaintext, a new connection per request and 1 MiB responses, in rounds
     * @param cpu256     plaintext at 256 connections, in rounds
     * @param idle       the idle keep-alive scenario
     * @param gunicorn   the gunicorn part
     * @return the Markdown text
     */
    static String markdown(MachineInfo machine, double loadBefore, double loadAfter, int rounds,
                           List<StartTime.Figures> starts, RunReport cpu, RunReport cpu256, RunReport idle,
                           Gunicorn gunicorn) {
        List<String[]> rows = new ArrayList<>();
        startRows(rows, starts);
        idleRows(rows, idle);
        cpuRows(rows, cpu, cpu256);
        spreadRows(rows, cpu);
        memoryRows(rows, starts);
        rows.add(new String[] {"7", "`sync` against gunicorn's sync worker, a new connection per request: gunicorn's"
                + " CPU per request over Loomicorn's (req/s ratio beside it)", "≥ " + GUNICORN_CPU_RATIO + "×",
                gunicorn.why() != null ? "not run: " + gunicorn.why()
                        : String.format(Locale.ROOT, "%.2f× (req/s %.2f×)", gunicorn.cpuRatio(), gunicorn.reqRatio()),
                gunicorn.why() != null ? "–" : met(gunicorn.cpuRatio() >= GUNICORN_CPU_RATIO)});

        StringBuilder md = new StringBuilder("# Issue 17's goals in one run\n\n");
        md.append(String.format(Locale.ROOT, "%s; load average %.2f before, %.2f after; %d rounds; 2 workers"
                + " (`-w 2`). Each part's own report is in its folder: `start/`, `cpu/`, `cpu-256/`, `idle/`,"
                + " `gunicorn/`.%n%n", machine.describe(), loadBefore, loadAfter, rounds));
        md.append("| goal | figure | target | this run | met |\n|--:|---|--:|---|:-:|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return md.append('\n').toString();
    }

    private static void startRows(List<String[]> rows, List<StartTime.Figures> starts) {
        StartTime.Figures undertow = find(starts, f -> f.target().equals("undertow"));
        rows.add(row("1", "start to first answer, worker AOT cache warm (exec of `./loomicorn` to the first 200)",
                "≤ " + START_WARM_SECONDS + " s", starts, true, f -> f.startSeconds(), "%.3f s",
                v -> v <= START_WARM_SECONDS, undertow == null ? ""
                        : String.format(Locale.ROOT, "; Undertow %.3f s", undertow.startSeconds())));
        rows.add(row("1", "start to first answer, the first start after a build (no worker AOT cache yet)",
                "≤ " + START_FIRST_SECONDS + " s", starts, false, f -> f.startSeconds(), "%.3f s",
                v -> v <= START_FIRST_SECONDS, ""));
        rows.add(row("2", "worker boot, spawn to serving, median over every worker of every warm start",
                "≤ " + (int) BOOT_MILLIS + " ms", starts, true, f -> f.workerBootMillis(), "%.0f ms",
                v -> v <= BOOT_MILLIS, ""));
    }

    private static void memoryRows(List<String[]> rows, List<StartTime.Figures> starts) {
        List<StartTime.Figures> warm = starts.stream().filter(f -> f.warm() && CLASSES.contains(f.target())).toList();
        List<String> master = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        boolean masterMet = !warm.isEmpty();
        boolean workersMet = !warm.isEmpty();
        for (StartTime.Figures f : warm) {
            master.add(String.format(Locale.ROOT, "%s %.1f MiB (PSS %.1f)", f.target(), f.mainRssMib(), f.mainPssMib()));
            workers.add(String.format(Locale.ROOT, "%s %.1f MiB (PSS %.1f)", f.target(), f.workerRssMib(),
                    f.workerPssMib()));
            masterMet &= f.mainRssMib() <= MASTER_MIB;
            workersMet &= f.workerRssMib() <= WORKER_MIB;
        }
        rows.add(new String[] {"6", "idle master RSS, 10 s after the first 200", "≤ " + (int) MASTER_MIB + " MiB",
                String.join("; ", master), met(masterMet)});
        rows.add(new String[] {"6", "idle worker RSS, hello app, 10 s after the first 200", "≤ " + (int) WORKER_MIB
                + " MiB", String.join("; ", workers), met(workersMet)});
    }

    private static void idleRows(List<String[]> rows, RunReport idle) {
        List<String> figures = new ArrayList<>();
        boolean met = true;
        for (String target : idle.targets()) {
            ScenarioResult r = idle.find(target, Scenario.IDLE);
            if (r == null || !r.ok()) {
                figures.add(target + " failed" + (r == null || r.error() == null ? "" : ": " + r.error()));
                met &= !CLASSES.contains(target);
                continue;
            }
            double kib = r.rssBytesPerIdleConnection() / 1024;
            figures.add(String.format(Locale.ROOT, "%s %.1f KiB (live heap %.1f; active p99 %.1f ms)", target, kib,
                    r.liveHeapBytesPerIdleConnection() / 1024, r.load().p99Micros() / 1000));
            if (CLASSES.contains(target)) {
                met &= kib <= IDLE_KIB;
            }
        }
        rows.add(new String[] {"3", "RSS per idle keep-alive connection (" + String.format(Locale.ROOT, "%,d",
                idle.options().idleConnections(Scenario.IDLE)) + " idle beside 50 active)", "≤ " + IDLE_KIB + " KiB",
                String.join("; ", figures), met(met)});
    }

    private static void cpuRows(List<String[]> rows, RunReport cpu, RunReport cpu256) {
        for (Scenario s : List.of(Scenario.PLAINTEXT, Scenario.PLAINTEXT_CLOSE, Scenario.BYTES)) {
            rows.add(ratioRow(cpu, s, CLASSES, "undertow", s.id() + " (" + cpu.options().activeConnections(s)
                    + " connections): CPU per request over Undertow's"));
        }
        if (cpu.targets().contains("undertow-pair")) {
            for (Scenario s : List.of(Scenario.PLAINTEXT, Scenario.PLAINTEXT_CLOSE, Scenario.BYTES)) {
                String[] context = ratioRow(cpu, s, CLASSES, "undertow-pair", s.id() + ": CPU per request over"
                        + " Undertow's in Loomicorn's process layout (one JVM per worker on one port; context)");
                context[0] = "(4)";
                context[2] = "–";
                context[4] = "–";
                rows.add(context);
            }
        }
        rows.add(ratioRow(cpu, Scenario.PLAINTEXT, List.of("vthread"), "helidon",
                "plaintext (" + cpu.options().activeConnections(Scenario.PLAINTEXT) + " connections): `vthread`'s CPU per"
                        + " request over Helidon's"));
        rows.add(ratioRow(cpu256, Scenario.PLAINTEXT, List.of("vthread"), "helidon",
                "plaintext (" + cpu256.options().activeConnections(Scenario.PLAINTEXT) + " connections): `vthread`'s CPU"
                        + " per request over Helidon's"));
        rows.add(ratioRow(cpu256, Scenario.PLAINTEXT, CLASSES, "undertow",
                "plaintext (" + cpu256.options().activeConnections(Scenario.PLAINTEXT) + " connections): CPU per request"
                        + " over Undertow's"));
    }

    private static String[] ratioRow(RunReport report, Scenario scenario, List<String> targets, String baseline,
                                     String figure) {
        List<String> figures = new ArrayList<>();
        boolean met = true;
        ScenarioResult base = report.find(baseline, scenario);
        for (String target : targets) {
            ScenarioResult r = report.find(target, scenario);
            List<Double> ratios = r == null ? null : r.cpuRatios().get(baseline);
            if ((ratios == null || ratios.isEmpty()) && r != null && r.ok() && base != null && base.ok()) {
                ratios = List.of(r.cpuMicrosPerRequest() / base.cpuMicrosPerRequest()); // one window each
            }
            if (ratios == null || ratios.isEmpty()) {
                figures.add(target + " not measured");
                met = false;
                continue;
            }
            double median = RoundResults.median(ratios);
            figures.add(String.format(Locale.ROOT, "%s %.2f× (%.2f–%.2f; %.1f µs)", target, median, ratios.getFirst(),
                    ratios.getLast(), r.cpuMicrosPerRequest()));
            met &= median <= 1.0;
        }
        if (base != null && base.ok()) {
            figures.add(String.format(Locale.ROOT, "%s %.1f µs", baseline, base.cpuMicrosPerRequest()));
        }
        return new String[] {"4", figure + ", per round: median (min–max)", "≤ 1.00×", String.join("; ", figures),
                met(met)};
    }

    private static void spreadRows(List<String[]> rows, RunReport cpu) {
        List<String> figures = new ArrayList<>();
        boolean met = true;
        for (String target : CLASSES) {
            ScenarioResult r = cpu.find(target, Scenario.PLAINTEXT);
            if (r == null || Double.isNaN(r.busiestWorkerShare())) {
                figures.add(target + " not counted");
                met = false;
                continue;
            }
            figures.add(String.format(Locale.ROOT, "%s %.0f %% (%s)", target, r.busiestWorkerShare() * 100,
                    r.connectionsPerWorker().stream().map(String::valueOf).reduce((a, b) -> a + " / " + b).orElse("")));
            met &= r.busiestWorkerShare() <= BUSIEST_SHARE;
        }
        rows.add(new String[] {"5", "the busiest worker's share of the plaintext load's " + cpu.options()
                .activeConnections(Scenario.PLAINTEXT) + " keep-alive connections, halfway through the median round's"
                + " window", "≤ " + (int) (BUSIEST_SHARE * 100) + " %", String.join("; ", figures), met(met)});
    }

    private static String[] row(String goal, String figure, String target, List<StartTime.Figures> starts,
                                boolean warm, ToDoubleFunction<StartTime.Figures> value,
                                String format, DoublePredicate good, String suffix) {
        List<String> figures = new ArrayList<>();
        boolean met = true;
        for (String k : CLASSES) {
            StartTime.Figures f = find(starts, s -> s.target().equals(k) && s.warm() == warm);
            if (f == null) {
                figures.add(k + " not measured");
                met = false;
                continue;
            }
            figures.add(k + " " + String.format(Locale.ROOT, format, value.applyAsDouble(f)));
            met &= good.test(value.applyAsDouble(f));
        }
        return new String[] {goal, figure, target, String.join("; ", figures) + suffix, met(met)};
    }

    private static StartTime.Figures find(List<StartTime.Figures> starts, Predicate<StartTime.Figures> which) {
        return starts.stream().filter(which).findFirst().orElse(null);
    }

    private static String met(boolean met) {
        return met ? "yes" : "no";
    }
}
