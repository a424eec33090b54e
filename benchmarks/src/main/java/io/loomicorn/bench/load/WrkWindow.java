package io.loomicorn.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One measured wrk window for the side benchmarks ({@code benchmarks/run servlet},
 * {@code benchmarks/run tls}): the requests wrk counted, their errors, and the CPU time the
 * server spent meanwhile (the server's process and every process below it, from
 * {@code /proc}).
 *
 * @param requests  responses wrk received
 * @param seconds   the window's length as wrk measured it
 * @param cpuTicks  the server's user + system CPU time in the window, in clock ticks
 * @param errors    wrk's non-2xx and socket error counts, empty when there were none
 */
public record WrkWindow(long requests, double seconds, long cpuTicks, String errors) {

    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(m?s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: (.*)");

    /** Responses per second. */
    public double rps() {
        return requests / seconds;
    }

    /** The server's CPU time per response, in microseconds. */
    public double cpuMicrosPerRequest() {
        return requests == 0 ? Double.NaN : cpuTicks * 1e6 / ProcessMetrics.TICKS_PER_SECOND / requests;
    }

    /**
     * Runs {@code wrk -t2} against a URL and measures the server meanwhile.
     *
     * @param server      the server's process (its descendants are counted too)
     * @param url         the URL ({@code http} or {@code https})
     * @param connections wrk's {@code -c}
     * @param seconds     wrk's {@code -d}
     * @param extra       more wrk arguments ({@code -s script}, {@code -H header}), before the URL
     * @return the window
     * @throws IOException if wrk fails or prints no total
     * @throws InterruptedException if interrupted
     */
    public static WrkWindow measure(ProcessHandle server, String url, int connections, int seconds, List<String> extra)
            throws IOException, InterruptedException {
        Map<Long, Long> before = treeTicks(server);
        String out = wrk(url, connections, seconds, extra);
        long ticks = 0;
        // Per process: one that left the tree in the window would otherwise count negative.
        for (Map.Entry<Long, Long> e : treeTicks(server).entrySet()) {
            ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return parse(out, ticks);
    }

    /**
     * Runs wrk and returns what it printed (a warm-up needs nothing more).
     *
     * @param url         the URL
     * @param connections wrk's {@code -c}
     * @param seconds     wrk's {@code -d}
     * @param extra       more wrk arguments, before the URL
     * @return wrk's output
     * @throws IOException if wrk exits with an error
     * @throws InterruptedException if interrupted
     */
    public static String wrk(String url, int connections, int seconds, List<String> extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s"));
        cmd.addAll(extra);
        cmd.add(url);
        Process p = ChildProcesses.get().track(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed: " + out);
        }
        return out;
    }

    static WrkWindow parse(String wrk, long ticks) {
        Matcher t = TOTAL.matcher(wrk);
        if (!t.find()) {
            throw new IllegalStateException("unreadable wrk output: " + wrk);
        }
        double seconds = Double.parseDouble(t.group(2)) / (t.group(3).equals("ms") ? 1000 : 1);
        List<String> errors = new ArrayList<>();
        Matcher n = NON_2XX.matcher(wrk);
        if (n.find()) {
            errors.add(n.group(1) + " non-2xx");
        }
        Matcher s = SOCKET.matcher(wrk);
        if (s.find()) {
            errors.add("socket errors: " + s.group(1));
        }
        return new WrkWindow(Long.parseLong(t.group(1)), seconds, ticks, String.join(", ", errors));
    }

    /** CPU ticks of a process and of every process below it (a Loomicorn master and its workers), by pid. */
    static Map<Long, Long> treeTicks(ProcessHandle p) {
        Map<Long, Long> ticks = new HashMap<>();
        for (ProcessHandle h : ProcessMetrics.tree(p)) {
            OptionalLong t = ProcessMetrics.cpuTicks(h.pid());
            if (t.isPresent()) {
                ticks.put(h.pid(), t.getAsLong());
            }
        }
        return ticks;
    }
}
