package io.loomicorn.metrics;

import io.loomicorn.http.parser.ParseError;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The master's {@code /metrics}: the ledger's sums and the master's view, in Prometheus's
 * text format, through the Prometheus Java client (callback counters and gauges of
 * {@code prometheus-metrics-core}, histogram snapshots of its model, and its text writer).
 *
 * <p>Each scrape reads the ledger once, so that every figure of one scrape comes from the
 * same reading; scrapes are serialised. The applications' own metrics, each series with
 * {@code worker="<slot>"}, follow Loomicorn's ({@link AppMetricsCollector}).
 */
public final class PrometheusExposition {

    /** The content type of the text format. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final MetricsLedger ledger;
    private final Supplier<MasterView> view;
    private final AppMetricsCollector appMetrics;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private Reading reading;

    /** One scrape's reading: the totals, the view, and each live worker's own values. */
    private record Reading(MetricsLedger.Totals totals, MasterView view, Map<Long, long[]> workers,
                           Map<Integer, Long> backlog) {
    }

    /**
     * Creates the exposition.
     *
     * @param ledger the workers' and the master's counts
     * @param view   the master's latest view
     */
    public PrometheusExposition(MetricsLedger ledger, Supplier<MasterView> view) {
        this(ledger, view, new AppMetricsCollector(ProcessHandle.current().pid()));
    }

    /**
     * Creates the exposition with the applications' metrics after Loomicorn's.
     *
     * @param ledger     the workers' and the master's counts
     * @param view       the master's latest view
     * @param appMetrics asks the workers for their applications' metrics
     */
    public PrometheusExposition(MetricsLedger ledger, Supplier<MasterView> view, AppMetricsCollector appMetrics) {
        this.ledger = ledger;
        this.view = view;
        this.appMetrics = appMetrics;
        register();
    }

    /**
     * Writes every metric in the text format.
     *
     * @param out where to
     * @throws IOException if writing fails
     */
    public synchronized void write(OutputStream out) throws IOException {
        MasterView v = view.get();
        // First, so that this scrape's drops are in its own counter.
        String app = appMetrics.collect(v.workers());
        Map<Long, long[]> perWorker = new java.util.HashMap<>();
        for (MasterView.Worker w : v.workers()) {
            long[] values = ledger.worker(w.pid());
            if (values != null) {
                perWorker.put(w.pid(), values);
            }
        }
        List<Integer> tcp = v.listeners().stream().filter(MasterView.Listener::tcp).map(MasterView.Listener::fd).toList();
        reading = new Reading(ledger.totals(), v, perWorker, ListenBacklog.read(tcp));
        try {
            MetricSnapshots snapshots = registry.scrape();
            writer.write(out, snapshots);
            out.write(app.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            reading = null;
        }
    }

    private void register() {
        CounterWithCallback.builder().name("loomicorn_requests_total")
                .help("Requests answered, by method class and status class")
                .labelNames("method", "status")
                .callback(cb -> {
                    for (int m = 0; m < MetricsLayout.METHODS.size(); m++) {
                        for (int s = 0; s < MetricsLayout.STATUS_CLASSES.size(); s++) {
                            cb.call(reading.totals().get(MetricsLayout.requests(m, s)),
                                    MetricsLayout.METHODS.get(m), MetricsLayout.STATUS_CLASSES.get(s));
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("loomicorn_parse_errors_total")
                .help("Requests refused as malformed (head, PROXY header or body), by the rule they broke")
                .labelNames("kind")
                .callback(cb -> {
                    for (ParseError.Kind kind : MetricsLayout.PARSE_ERRORS) {
                        cb.call(reading.totals().get(MetricsLayout.PARSE + kind.ordinal()), kind.name().toLowerCase(Locale.ROOT));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("loomicorn_request_timeouts_total")
                .help("Requests that ran past the timeout setting")
                .callback(cb -> cb.call(reading.totals().get(MetricsLayout.TIMEOUTS))).register(registry);
        CounterWithCallback.builder().name("loomicorn_log_messages_total")
                .help("Error-log messages of the master and the workers, by level (gunicorn's statsd gunicorn.log.LEVEL)")
                .labelNames("level")
                .callback(cb -> {
                    for (int i = 0; i < MetricsLayout.LOG_LEVELS.size(); i++) {
                        cb.call(reading.totals().log()[i], MetricsLayout.LOG_LEVELS.get(i));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("loomicorn_app_metrics_dropped_total")
                .help("Workers' application metrics left out of a scrape: no answer within a second (timeout),"
                        + " not valid Prometheus text (invalid), or the worker's socket unreachable (error)")
                .labelNames("reason")
                .callback(cb -> {
                    for (AppMetricsCollector.Drop reason : AppMetricsCollector.Drop.values()) {
                        cb.call(appMetrics.dropped(reason), reason.label());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("loomicorn_worker_boots_total")
                .help("Workers that booted")
                .callback(cb -> cb.call(reading.totals().boots())).register(registry);
        CounterWithCallback.builder().name("loomicorn_worker_exits_total")
                .help("Worker exits, by cause")
                .labelNames("cause")
                .callback(cb -> {
                    for (ExitCause cause : ExitCause.values()) {
                        cb.call(reading.totals().exits()[cause.ordinal()], cause.label());
                    }
                }).register(registry);

        GaugeWithCallback.builder().name("loomicorn_requests_in_flight")
                .help("Requests running now")
                .callback(cb -> cb.call(reading.totals().get(MetricsLayout.IN_FLIGHT))).register(registry);
        GaugeWithCallback.builder().name("loomicorn_connections_open")
                .help("Open client connections")
                .callback(cb -> cb.call(reading.totals().get(MetricsLayout.OPEN_CONNECTIONS))).register(registry);
        GaugeWithCallback.builder().name("loomicorn_connections_idle")
                .help("Keep-alive connections waiting for their client's next request (sampled each heartbeat)")
                .callback(cb -> cb.call(reading.totals().get(MetricsLayout.IDLE_CONNECTIONS))).register(registry);
        GaugeWithCallback.builder().name("loomicorn_workers")
                .help("Live workers by state: booting, busy (running a request), idle, stopping")
                .labelNames("state")
                .callback(cb -> {
                    long booting = 0;
                    long busy = 0;
                    long idle = 0;
                    long stopping = 0;
                    for (MasterView.Worker w : reading.view().workers()) {
                        long[] values = reading.workers().get(w.pid());
                        if (w.serving()) {
                            if (values != null && values[MetricsLayout.IN_FLIGHT] > 0) {
                                busy++;
                            } else {
                                idle++;
                            }
                        } else if (w.state().equals("booting")) {
                            booting++;
                        } else {
                            stopping++;
                        }
                    }
                    cb.call(booting, "booting");
                    cb.call(busy, "busy");
                    cb.call(idle, "idle");
                    cb.call(stopping, "stopping");
                }).register(registry);
        GaugeWithCallback.builder().name("loomicorn_workers_target")
                .help("How many workers the master keeps (workers, changed by TTIN, TTOU and ctl)")
                .callback(cb -> cb.call(reading.view().target())).register(registry);
        GaugeWithCallback.builder().name("loomicorn_listen_backlog")
                .help("Connections waiting in a TCP listener's accept queue (Linux)")
                .labelNames("listener")
                .callback(this::backlog).register(registry);

        registry.register((MultiCollector) () -> MetricSnapshots.of(
                histogram("loomicorn_request_duration_seconds", "Time from a request's head to its response's end",
                        MetricsLayout.DURATION_BOUNDS, reading.totals().counters(), MetricsLayout.DURATION_BUCKETS,
                        reading.totals().get(MetricsLayout.DURATION_SUM_NANOS) / 1e9),
                histogram("loomicorn_worker_boot_duration_seconds", "Time from a worker's start to its first readiness",
                        MetricsLedger.BOOT_BOUNDS, reading.totals().bootBuckets(), 0, reading.totals().bootSeconds())));
    }

    private void backlog(GaugeWithCallback.Callback cb) {
        for (MasterView.Listener l : reading.view().listeners()) {
            Long queued = reading.backlog().get(l.fd());
            if (queued != null) {
                cb.call(queued, l.url());
            }
        }
    }

    /** A classic histogram from per-bucket counts (the last is +Inf). */
    private static HistogramSnapshot histogram(String name, String help, double[] bounds, long[] counts, int first,
                                               double sum) {
        double[] upper = new double[bounds.length + 1];
        // The model takes per-bucket counts; the writer makes them cumulative.
        long[] perBucket = new long[bounds.length + 1];
        for (int i = 0; i <= bounds.length; i++) {
            upper[i] = i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY;
            perBucket[i] = counts[first + i];
        }
        HistogramSnapshot.HistogramDataPointSnapshot point = new HistogramSnapshot.HistogramDataPointSnapshot(
                ClassicHistogramBuckets.of(upper, perBucket), sum, Labels.EMPTY, Exemplars.EMPTY, 0L);
        return new HistogramSnapshot(new MetricMetadata(name, help, Unit.SECONDS), List.of(point));
    }
}
