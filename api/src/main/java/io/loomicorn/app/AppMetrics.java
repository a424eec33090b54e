package io.loomicorn.app;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An application's own metrics, shown in the master's {@code /metrics} (the admin
 * endpoint, {@code admin_bind}) next to Loomicorn's, each series labelled
 * {@code worker="<slot>"}.
 *
 * <p>A scrape through the application's own listener lands on whichever worker accepts
 * it, so a registry inside one worker JVM is never the whole picture. Instead, the
 * application hands Loomicorn a source of Prometheus text once, in each worker (at start,
 * e.g. where it builds its registry); the master asks every serving worker for it at
 * scrape time and adds the {@code worker} label:
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * AppMetrics.expose(registry::scrape);
 * }</pre>
 *
 * <p>The text must be Prometheus's text format 0.0.4 (what Micrometer's
 * {@code PrometheusMeterRegistry.scrape()} and the Prometheus Java client's
 * {@code PrometheusTextFormatWriter} write). Its names must not begin with
 * {@code loomicorn_} and its samples must not carry a {@code worker} label; the master
 * drops a worker's text that breaks these rules or does not parse, or that takes longer
 * than a second, and counts it in {@code loomicorn_app_metrics_dropped_total}.
 *
 * <p>The source is called on a thread of Loomicorn's, concurrently with requests.
 */
public final class AppMetrics {

    /** The system property that holds the worker's slot in a worker JVM. */
    public static final String SLOT_PROPERTY = "loomicorn.worker.slot";

    private static volatile Supplier<? extends CharSequence> source;

    private AppMetrics() {
    }

    /**
     * Exposes this worker's metrics; a second call replaces the first source.
     *
     * @param prometheusText yields the registry's metrics in the Prometheus text format
     */
    public static void expose(Supplier<? extends CharSequence> prometheusText) {
        source = Objects.requireNonNull(prometheusText, "prometheusText");
    }

    /**
     * Returns the source given to {@link #expose}, or null; the worker reads it when the
     * master asks.
     */
    public static Supplier<? extends CharSequence> exposed() {
        return source;
    }

    /**
     * Returns this worker's slot: a small number (the lowest free one, from 0; below
     * {@code workers} unless TTOU stopped a lower one) that a
     * replacement (after {@code max_requests}, a crash, a reload) takes over from the
     * worker it replaces, so that it names a place, not a process. It is the
     * {@code worker} label of the application's series in {@code /metrics}.
     *
     * @return the slot, or -1 outside a worker JVM
     */
    public static int workerSlot() {
        return Integer.getInteger(SLOT_PROPERTY, -1);
    }
}
