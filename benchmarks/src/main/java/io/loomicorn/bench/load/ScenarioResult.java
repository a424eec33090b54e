package io.loomicorn.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario measured against one server.
 *
 * @param target      the worker class, or {@code undertow} or {@code helidon}
 * @param scenario    the scenario
 * @param connections the actively loaded connections
 * @param load        what the load generator measured, or null if the scenario failed
 * @param before      the server's processes before the scenario (CPU and RSS)
 * @param withIdle    the server's processes once the idle connections were open (idle
 *                    scenario only; else empty)
 * @param windowStart the server's processes when the measured window began
 * @param after       the server's processes when the measured window ended
 * @param idleWanted  idle connections asked for (0 outside the idle scenario)
 * @param idleOpened  idle connections opened and kept alive by the server
 * @param idleHeld    idle connections still open at the end of the window
 * @param liveHeapBefore   the servers' live heap bytes before the idle connections opened, or -1
 * @param liveHeapWithIdle the servers' live heap bytes once they were open, or -1
 * @param error       why the scenario failed, or null
 * @param notes       remarks for the report
 * @param cpuRatios   with {@code --rounds}: for each baseline, this server's CPU per request over
 *                    the baseline's, one per round both measured, ascending; else empty
 * @param connectionsPerWorker the load's connections each worker held halfway through the
 *                    window, in worker order (a Loomicorn server of two or more workers under
 *                    keep-alive load); else empty
 */
public record ScenarioResult(String target, Scenario scenario, int connections, LoadResult load,
                             List<ProcessMetrics.Sample> before, List<ProcessMetrics.Sample> withIdle,
                             List<ProcessMetrics.Sample> windowStart, List<ProcessMetrics.Sample> after,
                             int idleWanted, int idleOpened, int idleHeld, long liveHeapBefore,
                             long liveHeapWithIdle, String error, List<String> notes,
                             Map<String, List<Double>> cpuRatios, List<Integer> connectionsPerWorker) {

    /**
     * A scenario that could not run.
     *
     * @param target      the server
     * @param scenario    the scenario
     * @param connections the connections it would have used
     * @param error       why
     * @return the result
     */
    public static ScenarioResult failed(String target, Scenario scenario, int connections, String error) {
        return new ScenarioResult(target, scenario, connections, null, List.of(), List.of(), List.of(), List.of(),
                0, 0, 0, -1, -1, error, List.of(), Map.of(), List.of());
    }

    /**
     * Returns this result with more notes after its own.
     *
     * @param more the notes to add
     * @return the result
     */
    public ScenarioResult withNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new ScenarioResult(target, scenario, connections, load, before, withIdle, windowStart, after,
                idleWanted, idleOpened, idleHeld, liveHeapBefore, liveHeapWithIdle, error, List.copyOf(all), cpuRatios,
                connectionsPerWorker);
    }

    /**
     * Returns this result with the per-round CPU ratios to its baselines.
     *
     * @param ratios for each baseline, the ratios in ascending order
     * @return the result
     */
    public ScenarioResult withCpuRatios(Map<String, List<Double>> ratios) {
        return new ScenarioResult(target, scenario, connections, load, before, withIdle, windowStart, after,
                idleWanted, idleOpened, idleHeld, liveHeapBefore, liveHeapWithIdle, error, notes, Collections.unmodifiableMap(new LinkedHashMap<>(ratios)),
                connectionsPerWorker);
    }

    /**
     * The largest share of the load's connections one worker held halfway through the
     * window, or NaN when they were not counted.
     */
    public double busiestWorkerShare() {
        int total = connectionsPerWorker.stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? Double.NaN
                : connectionsPerWorker.stream().mapToInt(Integer::intValue).max().orElse(0) / (double) total;
    }

    /** Whether the scenario produced measurements. */
    public boolean ok() {
        return load != null && error == null;
    }

    /**
     * User + system CPU time of the server's processes during the measured window, in
     * seconds: the per-process difference between {@link #windowStart} and {@link #after}
     * (a process that appeared during the window counts from zero).
     */
    public double serverCpuSeconds() {
        Map<Long, Long> start = new HashMap<>();
        for (ProcessMetrics.Sample s : windowStart) {
            start.put(s.pid(), s.cpuTicks());
        }
        long ticks = 0;
        for (ProcessMetrics.Sample s : after) {
            ticks += s.cpuTicks() - start.getOrDefault(s.pid(), 0L);
        }
        return (double) ticks / ProcessMetrics.TICKS_PER_SECOND;
    }

    /** Server CPU time per response in microseconds, or NaN without responses. */
    public double cpuMicrosPerRequest() {
        return load == null || load.requests() == 0 ? Double.NaN : serverCpuSeconds() * 1e6 / load.requests();
    }

    /** The server's total RSS before the scenario, in KiB. */
    public long rssBeforeKib() {
        return ProcessMetrics.totalRssKib(before);
    }

    /** The server's total RSS at the end of the window, in KiB. */
    public long rssAfterKib() {
        return ProcessMetrics.totalRssKib(after);
    }

    /**
     * Returns the live heap each idle connection holds (the growth of the servers' live heap
     * bytes while the idle connections were opened, over how many opened), in bytes; NaN
     * outside the idle scenario, or when a histogram failed.
     */
    public double liveHeapBytesPerIdleConnection() {
        if (idleOpened <= 0 || liveHeapBefore < 0 || liveHeapWithIdle < 0) {
            return Double.NaN;
        }
        return (liveHeapWithIdle - liveHeapBefore) / (double) idleOpened;
    }

    /**
     * The server memory each idle connection cost: the growth of the server's total RSS
     * while the idle connections were opened (each sample taken after a full GC in every
     * server JVM), divided by how many it kept; NaN outside the idle scenario or when it
     * kept none.
     */
    public double rssBytesPerIdleConnection() {
        if (idleOpened <= 0 || withIdle.isEmpty()) {
            return Double.NaN;
        }
        return (ProcessMetrics.totalRssKib(withIdle) - rssBeforeKib()) * 1024.0 / idleOpened;
    }
}
