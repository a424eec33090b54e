package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications' own metrics in the master's {@code /metrics} (issue 15, section 2): an
 * application built here with Micrometer's {@code PrometheusMeterRegistry}, two workers,
 * one master. Its counter shows up with {@code worker="0"} and {@code worker="1"}, each
 * equal to the requests that worker served; {@code promtool} accepts every scrape; a
 * worker recycled by {@code max_requests} is replaced in its slot (its counter restarts);
 * a worker's text that is not Prometheus text, and a stopped worker (SIGSTOP), are left
 * out of a scrape and counted, while the rest of {@code /metrics} is served.
 */
class AppMetricsIT {

    private static final Pattern WORKER = Pattern.compile(
            "\"slot\":(\\d+),\"pid\":(\\d+),[^}]*\"state\":\"(\\w+)\",[^}]*\"requests\":(\\d+)");
    private static final Pattern HITS = Pattern.compile("app_hits_total\\{worker=\"(\\d+)\"}");

    private static final String APP = """
            package metered;

            import io.loomicorn.app.App;
            import io.loomicorn.app.AppMetrics;
            import io.loomicorn.app.Request;
            import io.loomicorn.app.Response;
            import io.micrometer.core.instrument.Counter;
            import io.micrometer.prometheusmetrics.PrometheusConfig;
            import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
            import java.io.IOException;
            import java.util.concurrent.atomic.AtomicBoolean;

            public class MeteredApp implements App {
                private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                private final Counter hits = Counter.builder("app.hits").description("Requests the app answered")
                        .register(registry);
                private final AtomicBoolean garbageOnce = new AtomicBoolean();

                public MeteredApp() {
                    AppMetrics.expose(() -> garbageOnce.getAndSet(false) ? "<html>not metrics</html>\\n" : registry.scrape());
                }

                @Override
                public void handle(Request request, Response response) throws IOException {
                    hits.increment();
                    if (request.path().equals("/garbage")) {
                        garbageOnce.set(true);
                    }
                    response.send(ProcessHandle.current().pid() + " " + AppMetrics.workerSlot() + "\\n");
                }
            }
            """;

    @TempDir
    Path work;

    @Test
    void theAppsRegistryOfEachWorkerIsInTheMastersMetricsUnderItsSlot() throws Exception {
        Path classes = work.resolve("app");
        List<Path> micrometer = micrometerJars();
        new JavaBuild(work).compile(classes, micrometer, APP);
        String classPath = Stream.concat(Stream.of(classes), micrometer.stream()).map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--admin-bind", "127.0.0.1:0", "-w", "2",
                "-k", "vthread", "--max-requests", "30", "--classpath", classPath, "metered.MeteredApp")) {
            int port = m.awaitPort();
            m.awaitWorkers(2);
            String admin = Ops.adminUrl(m);

            // Each worker's counter, under its slot, equals what that worker served.
            Map<Long, Integer> served = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                served.merge(answer(port)[0], 1, Integer::sum);
            }
            Ops.await("each slot's counter is its worker's requests", Duration.ofSeconds(20), () -> {
                Map<String, Double> scrape = Ops.scrape(admin);
                Map<Integer, Long> slots = slots(admin);
                assertThat(slots.keySet()).containsExactlyInAnyOrder(0, 1);
                assertThat(hits(scrape).keySet()).containsExactlyInAnyOrder(0, 1);
                for (Map.Entry<Integer, Long> s : slots.entrySet()) {
                    assertThat(hits(scrape).get(s.getKey())).as("slot %s", s.getKey())
                            .isEqualTo(served.getOrDefault(s.getValue(), 0).doubleValue());
                }
                assertThat(hits(scrape).values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(20);
            });
            assertThat(Ops.curl(admin + "/metrics").out()).contains("# TYPE app_hits_total counter");

            // Text that is not Prometheus text is left out of one scrape, counted, and logged once.
            int garbled = (int) answerPath(port, "/garbage")[1];
            Map<String, Double> scrape = Ops.scrape(admin);
            assertThat(hits(scrape).keySet()).containsExactly(1 - garbled);
            assertThat(scrape.get("loomicorn_app_metrics_dropped_total{reason=\"invalid\"}")).isEqualTo(1);
            assertThat(m.awaitLog("left out of /metrics: not valid Prometheus text", Duration.ofSeconds(10)))
                    .contains("slot " + garbled);
            assertThat(hits(Ops.scrape(admin)).keySet()).containsExactlyInAnyOrder(0, 1);

            // max_requests recycles workers; each replacement takes over its slot, and its counter starts at 0.
            Map<Integer, Long> before = slots(admin);
            for (int i = 0; i < 45; i++) {
                long[] a = answer(port);
                assertThat(a[1]).as("every worker's slot is 0 or 1").isBetween(0L, 1L);
            }
            Ops.await("a recycled worker's slot is served by its replacement", Duration.ofSeconds(60), () -> {
                Map<String, Double> now = Ops.scrape(admin);
                assertThat(now.get("loomicorn_worker_exits_total{cause=\"recycled\"}")).isGreaterThanOrEqualTo(1);
                Map<Integer, Long> slots = slots(admin);
                assertThat(slots.keySet()).containsExactlyInAnyOrder(0, 1);
                assertThat(slots).isNotEqualTo(before);
                // Each slot's counter is its present worker's own requests: a replacement's registry starts at 0.
                Map<Long, Long> requests = requests(admin);
                for (Map.Entry<Integer, Long> s : slots.entrySet()) {
                    assertThat(hits(now).get(s.getKey())).as("slot %s", s.getKey())
                            .isEqualTo(requests.get(s.getValue()).doubleValue());
                }
            });
            Map<Integer, Long> after = slots(admin);

            // A stopped worker never holds up /metrics: its series are left out after a second.
            long stopped = after.get(0);
            LoomicornProcess.signal(stopped, "STOP");
            try {
                long start = System.nanoTime();
                Map<String, Double> partial = Ops.scrape(admin);
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(tookMillis).as("a scrape with a stopped worker ends (curl allows 20 s)").isLessThan(15_000);
                assertThat(hits(partial).keySet()).containsExactly(1);
                assertThat(partial.get("loomicorn_app_metrics_dropped_total{reason=\"timeout\"}")).isEqualTo(1);
                assertThat(partial).containsKey("loomicorn_requests_total{method=\"GET\",status=\"2xx\"}");
                m.awaitLog("left out of /metrics: no answer within", Duration.ofSeconds(10));
            } finally {
                LoomicornProcess.signal(stopped, "CONT");
            }
            Ops.await("the worker answers again", Duration.ofSeconds(20),
                    () -> assertThat(hits(Ops.scrape(admin)).keySet()).containsExactlyInAnyOrder(0, 1));
            assertThat(m.count("left out of /metrics: no answer within")).as("one line per worker and reason").isEqualTo(1);
        }
    }

    /** The pid and the slot that answered {@code /}. */
    private static long[] answer(int port) throws Exception {
        return answerPath(port, "/");
    }

    private static long[] answerPath(int port, String path) throws Exception {
        HttpResponse r = MasterIT.withRetry(() -> get(port, path));
        assertThat(r.status()).isEqualTo(200);
        String[] parts = r.text().strip().split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    /** The serving workers' pids by slot, from {@code /status}. */
    private static Map<Integer, Long> slots(String admin) throws Exception {
        Map<Integer, Long> slots = new HashMap<>();
        Matcher w = WORKER.matcher(Ops.body(Ops.curl(admin + "/status")));
        while (w.find()) {
            if (w.group(3).equals("ready")) {
                assertThat(slots.put(Integer.parseInt(w.group(1)), Long.parseLong(w.group(2))))
                        .as("one ready worker per slot").isNull();
            }
        }
        return slots;
    }

    /** The requests each ready worker answered, by pid, from {@code /status}. */
    private static Map<Long, Long> requests(String admin) throws Exception {
        Map<Long, Long> requests = new HashMap<>();
        Matcher w = WORKER.matcher(Ops.body(Ops.curl(admin + "/status")));
        while (w.find()) {
            requests.put(Long.parseLong(w.group(2)), Long.parseLong(w.group(4)));
        }
        return requests;
    }

    /** The application's counter by slot. */
    private static Map<Integer, Double> hits(Map<String, Double> scrape) {
        Map<Integer, Double> hits = new HashMap<>();
        scrape.forEach((name, value) -> {
            Matcher h = HITS.matcher(name);
            if (h.matches()) {
                hits.put(Integer.parseInt(h.group(1)), value);
            }
        });
        return hits;
    }

    /** Micrometer's registry and what it needs, from this test's own class path (pinned in the parent pom). */
    private static List<Path> micrometerJars() {
        List<Path> jars = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("/io/micrometer/") || p.contains("/org/hdrhistogram/")
                        || p.contains("/org/latencyutils/") || p.contains("/io/prometheus/"))
                .map(Path::of).toList();
        assertThat(jars).anyMatch(p -> p.getFileName().toString().startsWith("micrometer-registry-prometheus"));
        return jars;
    }
}
