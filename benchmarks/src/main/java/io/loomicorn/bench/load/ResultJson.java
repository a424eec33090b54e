package io.loomicorn.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run as {@code results.json}: the machine, the settings, and per scenario and
 * server the load figures, the server CPU, and the CPU ticks and RSS of each process.
 * Latencies are in microseconds, memory in KiB; a missing value is {@code null}.
 */
public final class ResultJson {

    private ResultJson() {
    }

    /**
     * Renders the run.
     *
     * @param report the run
     * @return JSON text
     */
    public static String json(RunReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", report.started().toString());
        MachineInfo m = report.machine();
        root.put("machine", map("cpu", m.cpuModel(), "cores", m.cores(), "memoryMib", m.memoryMib(),
                "kernel", m.kernel(), "java", m.java(), "loadAverageStart", m.loadAverage(),
                "loadAverageEnd", report.loadAfter()));
        BenchOptions o = report.options();
        root.put("settings", map(
                "generator", report.generator(),
                "quick", o.quick(),
                "workers", o.workers(),
                "serverWarmupSeconds", o.serverWarmup().toMillis() / 1000.0,
                "warmupSeconds", o.warmup().toMillis() / 1000.0,
                "durationSeconds", o.duration().toMillis() / 1000.0,
                "timeoutSeconds", o.timeout().toMillis() / 1000.0,
                "openLoopRate", o.rate(),
                "clockTicksPerSecond", ProcessMetrics.TICKS_PER_SECOND));
        root.put("targets", report.targets());
        root.put("failures", report.failures());
        Map<String, Object> boot = new LinkedHashMap<>();
        report.boot().forEach((target, samples) -> boot.put(target, samples(samples)));
        root.put("processesAfterBoot", boot);
        List<Object> results = new ArrayList<>();
        for (ScenarioResult r : report.results()) {
            results.add(result(r));
        }
        root.put("results", results);
        return JsonWriter.write(root);
    }

    private static Map<String, Object> result(ScenarioResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", r.target());
        out.put("scenario", r.scenario().id());
        out.put("path", r.scenario().path());
        out.put("keepAlive", r.scenario().keepAlive());
        out.put("connections", r.connections());
        out.put("ok", r.ok());
        out.put("error", r.error());
        LoadResult l = r.load();
        if (l != null) {
            out.put("requests", l.requests());
            out.put("seconds", l.seconds());
            out.put("requestsPerSecond", l.requestsPerSecond());
            out.put("bytesRead", l.bytesRead());
            out.put("latencyMicros", map("p50", l.p50Micros(), "p99", l.p99Micros(), "p999", l.p999Micros(),
                    "max", l.maxMicros()));
            LoadResult.Errors e = l.errors();
            out.put("errors", map("connect", e.connect(), "read", e.read(), "write", e.write(),
                    "status", e.status(), "timeout", e.timeout(), "total", e.total()));
            out.put("serverCpuSeconds", r.serverCpuSeconds());
            out.put("serverCpuMicrosPerRequest", r.cpuMicrosPerRequest());
        }
        out.put("rssKibBefore", r.rssBeforeKib());
        out.put("rssKibAfter", r.rssAfterKib());
        out.put("processesBefore", samples(r.before()));
        out.put("processesWindowStart", samples(r.windowStart()));
        out.put("processesAfter", samples(r.after()));
        if (r.idleWanted() > 0) {
            out.put("idle", map("wanted", r.idleWanted(), "opened", r.idleOpened(), "held", r.idleHeld(),
                    "processesWithIdle", samples(r.withIdle()),
                    "rssBytesPerIdleConnection", r.rssBytesPerIdleConnection(),
                    "liveHeapBytesPerIdleConnection", r.liveHeapBytesPerIdleConnection()));
        }
        if (!r.cpuRatios().isEmpty()) {
            out.put("cpuRatiosPerRound", new LinkedHashMap<String, Object>(r.cpuRatios()));
        }
        if (!r.connectionsPerWorker().isEmpty()) {
            out.put("connectionsPerWorker", List.copyOf(r.connectionsPerWorker()));
        }
        out.put("notes", r.notes());
        return out;
    }

    private static List<Object> samples(List<ProcessMetrics.Sample> samples) {
        List<Object> out = new ArrayList<>();
        for (ProcessMetrics.Sample s : samples) {
            out.add(map("pid", s.pid(), "role", s.role(), "cpuTicks", s.cpuTicks(), "rssKib", s.rssKib()));
        }
        return out;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
