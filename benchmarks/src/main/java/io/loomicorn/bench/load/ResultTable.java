package io.loomicorn.bench.load;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run as Markdown: how it was made, then one table row per scenario and server. */
public final class ResultTable {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ResultTable() {
    }

    /**
     * Renders the whole {@code results.md}.
     *
     * @param report the run
     * @return Markdown text
     */
    public static String markdown(RunReport report) {
        BenchOptions o = report.options();
        StringBuilder sb = new StringBuilder();
        sb.append("# Loomicorn load benchmark, ").append(WHEN.format(report.started())).append("\n\n");
        sb.append("- Machine: ").append(report.machine().describe()).append('\n');
        sb.append(String.format(Locale.ROOT, "- 1-minute load average: %.2f at the start, %.2f at the end"
                        + " (on a shared machine, other work adds noise: the numbers are indicative)%n",
                report.machine().loadAverage(), report.loadAfter()));
        sb.append("- Load generator: ").append(report.generator())
                .append(", on the same machine, over loopback\n");
        sb.append(String.format(Locale.ROOT, "- Each server: %s of plaintext load to warm its JVMs up; then each"
                        + " scenario: %s warm-up and a %s measured window. Loomicorn runs `DemoApp` with %d workers%s%n",
                seconds(o.serverWarmup().toMillis()), seconds(o.warmup().toMillis()), seconds(o.duration().toMillis()),
                o.workers(), o.quick() ? " (`--quick`: short windows, fewer connections)" : ""));
        if (o.rounds() > 1) {
            sb.append(String.format(Locale.ROOT, "- %d rounds of the scenarios without idle connections, every server up"
                    + " at once and their windows back to back in each round (the order turning by one each round);"
                    + " each row is the server's median round by CPU per request, and its notes give the rounds'"
                    + " range and the CPU ratio to each baseline taken round by round%n", o.rounds()));
        }
        sb.append(bootMemory(report));
        sb.append('\n');
        sb.append(table(report));
        sb.append('\n');
        sb.append("""
                **Server CPU per request** is the user + system CPU time of the server's processes \
                (the Loomicorn master and all its workers, or the one JVM of Undertow or Helidon) during the measured \
                window, from `/proc/<pid>/stat`, divided by the responses received. Unlike req/s it \
                hardly depends on how much CPU the load generator takes from the same machine, so \
                it is the figure to compare. Latencies are client-side; `–` means no value. \
                RSS is the sum over the server's processes from `/proc/<pid>/status`; the JSON has \
                each process.
                """);
        for (String f : report.failures()) {
            sb.append("\n- Not measured: ").append(f).append('\n');
        }
        sb.append("\n![req/s, p99 latency and CPU per request by scenario and class](chart.svg)\n");
        return sb.toString();
    }

    /**
     * Renders the table alone.
     *
     * @param report the run
     * @return the Markdown table
     */
    public static String table(RunReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | class | conns | req/s | p50 ms | p99 ms | p99.9 ms | errors | server CPU µs/req"
                + " | RSS MiB before → after | notes |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|\n");
        for (Scenario s : report.options().scenarios()) {
            for (String target : report.targets()) {
                ScenarioResult r = report.find(target, s);
                if (r != null) {
                    sb.append(row(r)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String row(ScenarioResult r) {
        String conns = Format.count(r.connections())
                + (r.idleWanted() > 0 ? " + " + Format.count(r.idleWanted()) + " idle" : "");
        if (!r.ok()) {
            return "| " + String.join(" | ", r.scenario().id(), r.target(), conns, "–", "–", "–", "–", "–", "–", "–",
                    "failed: " + escape(r.error())) + " |";
        }
        LoadResult l = r.load();
        List<String> notes = new ArrayList<>(r.notes());
        double perIdle = r.rssBytesPerIdleConnection();
        if (!Double.isNaN(perIdle)) {
            double live = r.liveHeapBytesPerIdleConnection();
            notes.add(String.format(Locale.ROOT, "%.1f KiB RSS per idle connection", perIdle / 1024)
                    + (Double.isNaN(live) ? "" : String.format(Locale.ROOT, " (live heap %.1f KiB)", live / 1024)));
        }
        return "| " + String.join(" | ",
                r.scenario().id(), r.target(), conns,
                Format.count(l.requestsPerSecond()),
                Format.millis(l.p50Micros()), Format.millis(l.p99Micros()), Format.millis(l.p999Micros()),
                Format.count(l.errors().total()),
                Format.oneDecimal(r.cpuMicrosPerRequest()),
                rss(r),
                escape(String.join("; ", notes))) + " |";
    }

    private static String bootMemory(RunReport report) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<ProcessMetrics.Sample>> e : report.boot().entrySet()) {
            List<String> parts = new ArrayList<>();
            for (ProcessMetrics.Sample s : e.getValue()) {
                parts.add(s.role() + " " + Format.mib(s.rssKib()));
            }
            sb.append(sb.isEmpty() ? "- RSS right after boot, before any load (MiB): " : "; ")
                    .append(e.getKey()).append(": ").append(String.join(", ", parts));
        }
        return sb.isEmpty() ? "" : sb.append('\n').toString();
    }

    private static String rss(ScenarioResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(Format.mib(r.rssBeforeKib())).append(" → ").append(Format.mib(r.rssAfterKib()));
        if (r.after().size() > 1) {
            List<String> parts = new ArrayList<>();
            for (ProcessMetrics.Sample s : r.after()) {
                parts.add((s.role().equals("master") ? "m " : "w ") + Format.mib(s.rssKib()));
            }
            sb.append(" (").append(String.join(", ", parts)).append(')');
        }
        return sb.toString();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
