package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** goals.md: each figure beside its goal, judged from the parts' results. */
class GoalsReportTest {

    private static final long REQUESTS = 1_000_000;
    private static final MachineInfo MACHINE = new MachineInfo("test CPU", 2, 1024, "linux", "java 25", 1.0);

    @Test
    void eachGoalRowCarriesItsFiguresAndVerdict() {
        List<StartTime.Figures> starts = List.of(
                new StartTime.Figures("vthread", true, 0.45, 240, 47.0, 33.0, 55.0, 38.0),
                new StartTime.Figures("vthread", false, 0.9, 500, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                new StartTime.Figures("reactor", true, 0.60, 260, 47.5, 33.2, 57.0, 40.0),
                new StartTime.Figures("reactor", false, 0.7, 480, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                new StartTime.Figures("undertow", true, 0.55, Double.NaN, 90, 80, Double.NaN, Double.NaN));
        RunReport cpu = report(List.of(
                window("vthread", Scenario.PLAINTEXT, 9.0, Map.of("undertow", List.of(0.9, 0.95, 1.0),
                        "helidon", List.of(0.8, 0.9, 0.95)), List.of(26, 24)),
                window("reactor", Scenario.PLAINTEXT, 7.0, Map.of("undertow", List.of(0.7, 0.75, 0.8)),
                        List.of(35, 15)),
                window("undertow", Scenario.PLAINTEXT, 9.5, Map.of(), List.of()),
                window("vthread", Scenario.PLAINTEXT_CLOSE, 30, Map.of(), List.of()),
                window("undertow", Scenario.PLAINTEXT_CLOSE, 40, Map.of(), List.of()),
                window("vthread", Scenario.BYTES, 130, Map.of("undertow", List.of(1.05, 1.09, 1.1)), List.of()),
                window("reactor", Scenario.BYTES, 125, Map.of("undertow", List.of(0.95, 0.99, 1.2),
                        "undertow-pair", List.of(0.9, 0.92, 0.97)), List.of()),
                window("undertow-pair", Scenario.BYTES, 134, Map.of(), List.of())));
        RunReport cpu256 = report(BenchOptions.parse("--connections", "256"), List.of(window("vthread", Scenario.PLAINTEXT, 8.0,
                Map.of("helidon", List.of(0.7, 0.8, 0.9), "undertow", List.of(1.0, 1.01, 1.2)), List.of())));
        RunReport idle = report(List.of(idle("vthread", 2.4), idle("reactor", 3.1), idle("undertow", 2.0)));

        String md = GoalsReport.markdown(MACHINE, 1.0, 2.0, 3, starts, cpu, cpu256, idle,
                GoalsReport.Gunicorn.parse("""
                        req/s ratio per round (loomicorn / gunicorn): 2.60 2.70 2.80; median 2.70x
                        CPU per request ratio per round (gunicorn / loomicorn): 3.80 3.90 4.10; median 3.90x
                        """, 0));

        assertThat(row(md, "worker AOT cache warm")).contains("vthread 0.450 s; reactor 0.600 s; Undertow 0.550 s")
                .endsWith("| no |");
        assertThat(row(md, "the first start after a build")).contains("vthread 0.900 s; reactor 0.700 s")
                .endsWith("| no |");
        assertThat(row(md, "worker boot")).contains("vthread 240 ms; reactor 260 ms").endsWith("| no |");
        assertThat(row(md, "RSS per idle keep-alive")).contains("vthread 2.4 KiB", "reactor 3.1 KiB",
                "undertow 2.0 KiB").endsWith("| no |");
        assertThat(row(md, "plaintext (50 connections): CPU per request over Undertow's"))
                .contains("vthread 0.95× (0.90–1.00; 9.0 µs)", "reactor 0.75× (0.70–0.80; 7.0 µs)", "undertow 9.5 µs")
                .endsWith("| yes |");
        assertThat(row(md, "bytes-1mib (50 connections)")).contains("vthread 1.09×", "reactor 0.99×")
                .endsWith("| no |");
        assertThat(row(md, "bytes-1mib: CPU per request over Undertow's in Loomicorn's process layout"))
                .startsWith("| (4) |").contains("vthread 0.97× (0.97–0.97; 130.0 µs)", "reactor 0.92× (0.90–0.97; 125.0 µs)",
                        "undertow-pair 134.0 µs").endsWith("| – |");
        assertThat(row(md, "plaintext-close (50 connections)")).as("one window each: the ratio of the two")
                .contains("vthread 0.75× (0.75–0.75; 30.0 µs)", "reactor not measured").endsWith("| no |");
        assertThat(row(md, "plaintext (256 connections): CPU per request over Undertow's"))
                .contains("vthread 1.01×", "reactor not measured").endsWith("| no |");
        assertThat(row(md, "plaintext (50 connections): `vthread`'s CPU per request over Helidon's"))
                .contains("vthread 0.90×").endsWith("| yes |");
        assertThat(row(md, "plaintext (256 connections): `vthread`'s")).contains("vthread 0.80×").endsWith("| yes |");
        assertThat(row(md, "busiest worker")).contains("vthread 52 % (26 / 24)", "reactor 70 % (35 / 15)")
                .endsWith("| no |");
        assertThat(row(md, "idle master RSS")).contains("vthread 47.0 MiB (PSS 33.0)").endsWith("| yes |");
        assertThat(row(md, "idle worker RSS")).contains("reactor 57.0 MiB (PSS 40.0)").endsWith("| no |");
        assertThat(row(md, "gunicorn")).contains("3.90× (req/s 2.70×)").endsWith("| yes |");
    }

    @Test
    void aGunicornRunThatFailedSaysWhy() {
        GoalsReport.Gunicorn g = GoalsReport.Gunicorn.parse(
                "compare-gunicorn.sh: gunicorn is not installed (sudo apt-get install gunicorn)\n", 2);
        assertThat(g.why()).isEqualTo("compare-gunicorn.sh exited with 2: compare-gunicorn.sh: gunicorn is not"
                + " installed (sudo apt-get install gunicorn)");
        assertThat(Double.isNaN(g.cpuRatio())).isTrue();
    }

    private static String row(String md, String figure) {
        List<String> rows = md.lines().filter(l -> l.startsWith("| ") && l.contains(figure)).toList();
        assertThat(rows).as(figure).hasSize(1);
        return rows.getFirst();
    }

    private static RunReport report(List<ScenarioResult> results) {
        return report(BenchOptions.parse(), results);
    }

    private static RunReport report(BenchOptions options, List<ScenarioResult> results) {
        List<String> targets = new ArrayList<>();
        results.forEach(r -> {
            if (!targets.contains(r.target())) {
                targets.add(r.target());
            }
        });
        return new RunReport(Instant.EPOCH, MACHINE, 1.0, "wrk", options, targets, Map.of(), results,
                List.of());
    }

    private static ScenarioResult window(String target, Scenario scenario, double cpuMicros,
                                         Map<String, List<Double>> ratios, List<Integer> perWorker) {
        long ticks = Math.round(cpuMicros * REQUESTS / 1e6 * ProcessMetrics.TICKS_PER_SECOND);
        List<ProcessMetrics.Sample> start = List.of(new ProcessMetrics.Sample(1, "server", 0, 100_000));
        List<ProcessMetrics.Sample> end = List.of(new ProcessMetrics.Sample(1, "server", ticks, 100_000));
        return new ScenarioResult(target, scenario, 50, load(), start, List.of(), start, end, 0, 0, 0, -1, -1, null,
                List.of(), ratios, perWorker);
    }

    private static ScenarioResult idle(String target, double kibPerConnection) {
        int opened = 10_000;
        List<ProcessMetrics.Sample> before = List.of(new ProcessMetrics.Sample(1, "server", 0, 100_000));
        List<ProcessMetrics.Sample> withIdle = List.of(new ProcessMetrics.Sample(1, "server", 0,
                100_000 + Math.round(kibPerConnection * opened)));
        return new ScenarioResult(target, Scenario.IDLE, 50, load(), before, withIdle, before, withIdle, opened, opened,
                opened, 1_000_000, 1_000_000 + 1024L * opened, null, List.of(), Map.of(), List.of());
    }

    private static LoadResult load() {
        return new LoadResult(REQUESTS, 10, REQUESTS * 100, LoadResult.Errors.NONE, 300, 4000, 6000, 9000, "wrk");
    }
}
