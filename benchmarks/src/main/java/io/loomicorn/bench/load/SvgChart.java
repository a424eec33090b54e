package io.loomicorn.bench.load;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws a run as an SVG chart, by hand: a grid of small bar charts with one column per
 * scenario and one row per figure (req/s, p99 latency, server CPU per request), a bar
 * per server in each. Every panel has its own linear scale from zero and prints the
 * values over the bars, because the scenarios differ by orders of magnitude.
 */
public final class SvgChart {

    private static final String FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
    private static final String[] PALETTE = {"#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2", "#9D755D"};
    private static final List<String> KNOWN = List.of("sync", "vthread", "reactor", "undertow", "helidon");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final int LEFT = 150;
    private static final int CELL_W = 180;
    private static final int CELL_H = 165;
    private static final int TOP = 150;
    private static final int BOTTOM = 40;

    private record Metric(String title, String subtitle, ToDoubleFunction<ScenarioResult> value, boolean latency) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("requests / s", "higher is better", r -> r.load().requestsPerSecond(), false),
            new Metric("p99 latency, ms", "lower is better", r -> r.load().p99Micros() / 1000, true),
            new Metric("server CPU, µs/req", "lower is better", ScenarioResult::cpuMicrosPerRequest, false));

    private SvgChart() {
    }

    /**
     * Renders the chart.
     *
     * @param report the run
     * @return SVG text
     */
    public static String svg(RunReport report) {
        List<Scenario> scenarios = report.options().scenarios();
        List<String> targets = report.targets();
        int width = Math.max(760, LEFT + scenarios.size() * CELL_W + 20);
        int height = TOP + METRICS.size() * CELL_H + BOTTOM;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"%s\">%n", width, height, width, height, FONT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        text(sb, 20, 30, 18, "bold", "start", "#222", "Loomicorn load benchmark — " + WHEN.format(report.started()));
        text(sb, 20, 52, 12, "normal", "start", "#555", report.machine().describe());
        text(sb, 20, 70, 12, "normal", "start", "#555", String.format(Locale.ROOT,
                "load: %s · %d workers per Loomicorn server · %s s windows · load average %.1f → %.1f (shared machine)",
                report.generator(), report.options().workers(), trim(report.options().duration().toMillis() / 1000.0),
                report.machine().loadAverage(), report.loadAfter()));
        legend(sb, targets, 20, 94);
        for (int c = 0; c < scenarios.size(); c++) {
            Scenario s = scenarios.get(c);
            int x = LEFT + c * CELL_W;
            text(sb, x + CELL_W / 2, TOP - 22, 13, "bold", "middle", "#222", s.id());
            text(sb, x + CELL_W / 2, TOP - 7, 10, "normal", "middle", "#666", connections(report, s));
        }
        for (int m = 0; m < METRICS.size(); m++) {
            Metric metric = METRICS.get(m);
            int y = TOP + m * CELL_H;
            text(sb, 12, y + CELL_H / 2 - 6, 13, "bold", "start", "#222", metric.title());
            text(sb, 12, y + CELL_H / 2 + 10, 11, "normal", "start", "#777", metric.subtitle());
            for (int c = 0; c < scenarios.size(); c++) {
                panel(sb, report, scenarios.get(c), targets, metric, LEFT + c * CELL_W, y, (m + c) % 2 == 0);
            }
        }
        text(sb, 20, height - 14, 11, "normal", "start", "#777",
                "Each panel has its own scale, starting at zero. CPU = user+sys of the master and all workers"
                        + " (or a baseline's JVM) ÷ responses.");
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void panel(StringBuilder sb, RunReport report, Scenario scenario, List<String> targets,
                              Metric metric, int x, int y, boolean shaded) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                x + 4, y + 4, CELL_W - 8, CELL_H - 8, shaded ? "#f4f5f7" : "#fafafa"));
        int base = y + CELL_H - 22;
        int maxBar = CELL_H - 52;
        double[] values = new double[targets.size()];
        double max = 0;
        for (int i = 0; i < targets.size(); i++) {
            ScenarioResult r = report.find(targets.get(i), scenario);
            values[i] = r == null || !r.ok() ? Double.NaN : metric.value().applyAsDouble(r);
            if (!Double.isNaN(values[i]) && values[i] > max) {
                max = values[i];
            }
        }
        int n = Math.max(1, targets.size());
        int inner = CELL_W - 28;
        int gap = 6;
        int barW = Math.min(34, (inner - (n - 1) * gap) / n);
        int groupW = n * barW + (n - 1) * gap;
        int left = x + (CELL_W - groupW) / 2;
        for (int i = 0; i < targets.size(); i++) {
            int bx = left + i * (barW + gap);
            double v = values[i];
            String color = color(targets, targets.get(i));
            if (Double.isNaN(v)) {
                text(sb, bx + barW / 2, base - 4, 10, "normal", "middle", "#999", "n/a");
                continue;
            }
            int h = max > 0 ? (int) Math.round(v / max * maxBar) : 0;
            h = Math.max(h, 1);
            sb.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %s</title></rect>%n",
                    bx, base - h, barW, h, color, escape(targets.get(i)), escape(scenario.id()), label(metric, v)));
            text(sb, bx + barW / 2, base - h - 4, 10, "normal", "middle", "#333", label(metric, v));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
                x + 10, base, x + CELL_W - 10, base));
    }

    private static String label(Metric metric, double v) {
        return metric.latency() ? Format.millis(v * 1000) : Format.compact(v);
    }

    private static String connections(RunReport report, Scenario s) {
        int active = report.options().activeConnections(s);
        int idle = report.options().idleConnections(s);
        String c = Format.count(active) + " conns";
        if (idle > 0) {
            c = Format.count(active) + " + " + Format.count(idle) + " idle";
        } else if (!s.keepAlive()) {
            c += ", Connection: close";
        }
        return c;
    }

    private static void legend(StringBuilder sb, List<String> targets, int x, int y) {
        int cx = x;
        for (String t : targets) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n",
                    cx, y - 11, color(targets, t)));
            text(sb, cx + 20, y, 13, "normal", "start", "#222", t);
            cx += 40 + t.length() * 8;
        }
    }

    private static String color(List<String> targets, String target) {
        int known = KNOWN.indexOf(target);
        if (known >= 0) {
            return PALETTE[known];
        }
        return PALETTE[(KNOWN.size() + targets.indexOf(target)) % PALETTE.length];
    }

    private static void text(StringBuilder sb, int x, int y, int size, String weight, String anchor, String fill,
                             String s) {
        sb.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" text-anchor=\"%s\" fill=\"%s\">%s</text>%n",
                x, y, size, weight, anchor, fill, escape(s)));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
