package io.loomicorn.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one scenario against one running server: waits until the server is idle, opens
 * the idle connections if the scenario has any, warms up, then measures a window while
 * sampling the server's CPU time and RSS before and after.
 */
final class ScenarioRunner {

    private final BenchOptions options;
    private final LoadDriver driver;
    private final ProgressLine progress;

    ScenarioRunner(BenchOptions options, LoadDriver driver, ProgressLine progress) {
        this.options = options;
        this.driver = driver;
        this.progress = progress;
    }

    /**
     * Runs a scenario.
     *
     * @param server   the running server
     * @param scenario the scenario
     * @param step     "3/12", for the progress line
     * @return the result; a failure is recorded in it, not thrown
     * @throws InterruptedException if interrupted
     */
    ScenarioResult run(ServerUnderTest server, Scenario scenario, String step) throws InterruptedException {
        int active = options.activeConnections(scenario);
        int idle = options.idleConnections(scenario);
        List<String> notes = new ArrayList<>();
        if (!settle(server)) {
            notes.add("server still busy from the previous scenario after " + options.settleLimit().toSeconds() + " s");
        }
        if (!server.isAlive()) {
            return ScenarioResult.failed(server.name(), scenario, active, "the server exited");
        }
        long responseBytes = 0;
        if (driver instanceof WrkDriver) { // wrk's progress is estimated from the bytes it read
            try {
                responseBytes = Math.max(0, ResponseProbe.exchange(server.port(), scenario.path(), scenario.keepAlive(),
                        options.timeout()));
            } catch (IOException e) {
                responseBytes = 0;
            }
        }
        LoadSpec spec = new LoadSpec(server.port(), scenario.path(), scenario.keepAlive(), active, options.duration(),
                options.timeout(), options.rate(), options.maxRequests(), responseBytes);
        // A full GC around the idle connections makes RSS growth mean live memory; it costs a
        // jcmd JVM per sample, so --quick skips it and its per-connection figure is rough.
        boolean collect = idle > 0 && !options.quick();
        if (collect) {
            progress.update(String.format(Locale.ROOT, "[%s] %s · %s · full GC before", step, scenario.id(), server.name()));
            if (!FullGc.collect(pids(server), Duration.ofSeconds(20))) {
                notes.add("jcmd GC.run failed: RSS per idle connection is rough");
            }
        } else if (idle > 0) {
            notes.add("no full GC in --quick: RSS per idle connection is rough");
        }
        List<ProcessMetrics.Sample> before = server.sample();
        long heapBefore = collect ? FullGc.liveHeapBytes(pids(server), Duration.ofSeconds(20)) : -1;
        long heapWithIdle = -1;
        IdleConnections idleConnections = null;
        List<ProcessMetrics.Sample> withIdle = List.of();
        try {
            if (idle > 0) {
                progress.update(String.format(Locale.ROOT, "[%s] %s · %s · opening %,d idle connections",
                        step, scenario.id(), server.name(), idle));
                idleConnections = IdleConnections.open(server.port(), idle, Duration.ofSeconds(2),
                        options.quick() ? Duration.ofSeconds(10) : Duration.ofSeconds(40));
                if (collect) {
                    FullGc.collect(pids(server), Duration.ofSeconds(20));
                }
                withIdle = server.sample();
                if (collect) {
                    heapWithIdle = FullGc.liveHeapBytes(pids(server), Duration.ofSeconds(20));
                }
            }
            if (!options.warmup().isZero()) {
                drive(spec.withDuration(options.warmup()), server, scenario, step, "warm-up");
            }
            List<ProcessMetrics.Sample> windowStart = server.sample();
            SpreadCount spread = SpreadCount.startIfUseful(server, scenario, idle, windowStart, spec.duration());
            LoadResult load = drive(spec, server, scenario, step, "measure");
            List<ProcessMetrics.Sample> after = server.sample();
            List<Integer> perWorker = spread.await();
            if (!perWorker.isEmpty()) {
                notes.add("connections per worker halfway through the window: "
                        + perWorker.stream().map(String::valueOf).reduce((a, b) -> a + " / " + b).orElse(""));
            }
            int opened = 0;
            int held = 0;
            if (idleConnections != null) {
                opened = idleConnections.opened();
                held = idleConnections.stillOpen();
                notes.add(idleNote(idleConnections, held));
            }
            if (!server.isAlive()) {
                notes.add("the server exited during the scenario");
            }
            if (load.errors().total() > 0) {
                notes.add(errorNote(load.errors()));
            }
            return new ScenarioResult(server.name(), scenario, active, load, before, withIdle, windowStart, after,
                    idle, opened, held, heapBefore, heapWithIdle, null, notes, Map.of(), perWorker);
        } catch (IOException | RuntimeException e) {
            return ScenarioResult.failed(server.name(), scenario, active, e.getMessage() == null ? e.toString()
                    : e.getMessage().lines().findFirst().orElse(e.toString()));
        } finally {
            if (idleConnections != null) {
                idleConnections.close();
            }
        }
    }

    /** The progress line this runner writes to. */
    ProgressLine progress() {
        return progress;
    }

    /**
     * Warms a freshly started server's JVMs (JIT, class loading, buffers) with plaintext
     * keep-alive load, unrecorded, so that its first scenario is not measured cold.
     *
     * @param server the server
     * @throws IOException if the load generator fails
     * @throws InterruptedException if interrupted
     */
    void warmServer(ServerUnderTest server) throws IOException, InterruptedException {
        if (options.serverWarmup().isZero()) {
            return;
        }
        long responseBytes = 0;
        if (driver instanceof WrkDriver) {
            responseBytes = Math.max(0, ResponseProbe.exchange(server.port(), "/", true, options.timeout()));
        }
        LoadSpec spec = new LoadSpec(server.port(), "/", true, options.connections(), options.serverWarmup(),
                options.timeout(), 0, options.maxRequests(), responseBytes);
        drive(spec, server, "server warm-up", "JVM warm-up");
    }

    private static List<Long> pids(ServerUnderTest server) {
        List<Long> pids = new ArrayList<>();
        for (ProcessMetrics.Sample s : server.sample()) {
            pids.add(s.pid());
        }
        return pids;
    }

    private LoadResult drive(LoadSpec spec, ServerUnderTest server, Scenario scenario, String step, String phase)
            throws IOException, InterruptedException {
        return drive(spec, server, "[" + step + "] " + scenario.id(), phase);
    }

    private LoadResult drive(LoadSpec spec, ServerUnderTest server, String what, String phase)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        LoadDriver.RunningLoad load = driver.start(spec);
        try {
            while (!load.isDone()) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                long done = load.completedSoFar();
                progress.update(String.format(Locale.ROOT, "%s · %s · %s %.1f/%ds · %s%,.0f req/s",
                        what, server.name(), phase, elapsed, Math.max(1, spec.duration().toSeconds()),
                        driver.name().equals("wrk") ? "≈" : "", elapsed > 0 ? done / elapsed : 0.0));
                Thread.sleep(250);
            }
            return load.await();
        } catch (InterruptedException | RuntimeException e) {
            load.cancel();
            throw e;
        }
    }

    /**
     * Waits until a plain {@code GET /} on a fresh connection answers within a second: the
     * backlog and the work left over from the previous scenario are gone.
     */
    private boolean settle(ServerUnderTest server) throws InterruptedException {
        Thread.sleep(100);
        long deadline = System.nanoTime() + options.settleLimit().toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!server.isAlive()) {
                return false;
            }
            if (ResponseProbe.ok(server.port(), Duration.ofSeconds(1))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String idleNote(IdleConnections idle, int held) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "held %,d of %,d idle connections",
                held, idle.wanted()));
        if (held < idle.wanted()) {
            List<String> why = new ArrayList<>();
            if (idle.refusedKeepAlive() > 0) {
                why.add(String.format(Locale.ROOT, "%,d answered with Connection: close", idle.refusedKeepAlive()));
            }
            if (idle.failures() > 0) {
                why.add(String.format(Locale.ROOT, "%,d not answered or not connected in time", idle.failures()));
            }
            int notTried = idle.wanted() - idle.opened() - idle.refusedKeepAlive() - idle.failures();
            if (notTried > 0) {
                why.add(String.format(Locale.ROOT, "%,d not tried (time limit)", notTried));
            }
            if (idle.opened() > held) {
                why.add(String.format(Locale.ROOT, "%,d closed by the server while idle", idle.opened() - held));
            }
            sb.append(" (cannot hold them: ").append(String.join("; ", why)).append(')');
        }
        return sb.toString();
    }

    private static String errorNote(LoadResult.Errors e) {
        List<String> parts = new ArrayList<>();
        add(parts, "connect", e.connect());
        add(parts, "read", e.read());
        add(parts, "write", e.write());
        add(parts, "status", e.status());
        add(parts, "timeout", e.timeout());
        return "errors: " + String.join(", ", parts);
    }

    private static void add(List<String> parts, String kind, long n) {
        if (n > 0) {
            parts.add(String.format(Locale.ROOT, "%s %,d", kind, n));
        }
    }

    /**
     * Counts each worker's connections halfway through a measured window, on a thread of its
     * own: only for a Loomicorn server of two or more workers under keep-alive load, where
     * the spread over the workers is a figure of its own (issue 17, goal 5).
     */
    private static final class SpreadCount {

        private static final SpreadCount NONE = new SpreadCount();

        private volatile List<Integer> counts = List.of();
        private Thread thread;

        static SpreadCount startIfUseful(ServerUnderTest server, Scenario scenario, int idle,
                                         List<ProcessMetrics.Sample> processes, Duration window) {
            List<Long> workers = processes.stream().filter(p -> p.role().equals("worker"))
                    .map(ProcessMetrics.Sample::pid).toList();
            if (!scenario.keepAlive() || idle > 0 || workers.size() < 2) {
                return NONE;
            }
            SpreadCount count = new SpreadCount();
            count.thread = Thread.ofVirtual().name("spread-count").start(() -> {
                try {
                    Thread.sleep(window.dividedBy(2));
                    count.counts = WorkerConnections.count(workers, server.port());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return count;
        }

        /** Waits for the count and returns it: one figure per worker, or none. */
        List<Integer> await() throws InterruptedException {
            if (thread != null) {
                thread.join();
            }
            return counts;
        }
    }
}
