package io.loomicorn.metrics;

import io.loomicorn.http.parser.ParseError;

import java.util.List;

/**
 * Where each figure lives in a worker's shared metrics memory, in 8-byte slots.
 *
 * <p>The first {@link #COUNTERS} slots are counters: they only grow while the worker lives,
 * and the master folds them into its running total when the worker exits. The slots after
 * them are gauges, which count only while their worker lives. Then comes the ring of recent
 * request durations that statsd's timer is fed from.
 *
 * <pre>
 * requests by method class and status class   8 x 5
 * requests by exact status, 100..599            500
 * duration histogram: one slot per bucket       16 (the last is +Inf), then the sum in ns
 * parse errors by kind                          one per ParseError.Kind
 * request timeouts                              1
 * error-log messages by level                   4 (warning, error, critical, exception)
 * --- gauges ---
 * requests in flight, open connections, idle keep-alive connections
 * --- the duration ring (statsd) ---
 * a sequence number, then RING_SIZE int slots of microseconds
 * </pre>
 */
public final class MetricsLayout {

    /** The method classes requests are counted by; anything else is {@code other}. */
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "other");
    /** The status classes, {@code 1xx} to {@code 5xx}. */
    public static final List<String> STATUS_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");
    /** The lowest exact status counted. */
    public static final int FIRST_STATUS = 100;
    /** How many exact statuses are counted: 100 to 599. */
    public static final int STATUSES = 500;
    /**
     * The upper bounds of the request-duration histogram, in seconds (Prometheus's
     * {@code le}); a last bucket, +Inf, follows them.
     */
    public static final double[] DURATION_BOUNDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    /** The parse errors counted, one slot per kind. */
    public static final List<ParseError.Kind> PARSE_ERRORS = List.of(ParseError.Kind.values());
    /** The error-log levels counted, named as gunicorn's statsd names them ({@code gunicorn.log.LEVEL}). */
    public static final List<String> LOG_LEVELS = List.of("warning", "error", "critical", "exception");

    /** First slot: requests by method class (rows) and status class (columns). */
    public static final int REQUESTS = 0;
    /** First slot: requests by exact status. */
    public static final int STATUS = REQUESTS + METHODS.size() * STATUS_CLASSES.size();
    /** First slot: the duration histogram's buckets (not cumulative; the last is +Inf). */
    public static final int DURATION_BUCKETS = STATUS + STATUSES;
    /** The sum of request durations, in nanoseconds. */
    public static final int DURATION_SUM_NANOS = DURATION_BUCKETS + DURATION_BOUNDS.length + 1;
    /** First slot: parse errors by kind. */
    public static final int PARSE = DURATION_SUM_NANOS + 1;
    /** Requests that ran past {@code timeout}. */
    public static final int TIMEOUTS = PARSE + PARSE_ERRORS.size();
    /** First slot: error-log messages by level. */
    public static final int LOG = TIMEOUTS + 1;
    /** How many slots are counters. */
    public static final int COUNTERS = LOG + LOG_LEVELS.size();

    /** Gauge: requests running now. */
    public static final int IN_FLIGHT = COUNTERS;
    /** Gauge: open client connections. */
    public static final int OPEN_CONNECTIONS = IN_FLIGHT + 1;
    /** Gauge: connections waiting for their client's next request (sampled at each heartbeat). */
    public static final int IDLE_CONNECTIONS = OPEN_CONNECTIONS + 1;
    /** How many 8-byte slots there are, counters and gauges. */
    public static final int SLOTS = IDLE_CONNECTIONS + 1;

    /** The duration ring's sequence number: how many durations were ever written. */
    public static final int RING_SEQUENCE = SLOTS;
    /** How many durations the ring holds (a power of two). */
    public static final int RING_SIZE = 8192;
    /** Byte offset of the ring's first int slot. */
    public static final long RING_OFFSET = (RING_SEQUENCE + 1) * 8L;
    /** The size of a worker's metrics memory, in bytes. */
    public static final long BYTES = RING_OFFSET + RING_SIZE * 4L;

    private MetricsLayout() {
    }

    /**
     * Returns the slot of a method and status class.
     *
     * @param method      the method class, an index into {@link #METHODS}
     * @param statusClass the status class, an index into {@link #STATUS_CLASSES}
     * @return the slot
     */
    public static int requests(int method, int statusClass) {
        return REQUESTS + method * STATUS_CLASSES.size() + statusClass;
    }

    /**
     * Returns the index of a method in {@link #METHODS}.
     *
     * @param method the request's method
     * @return its class
     */
    static int methodClass(String method) {
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "PATCH" -> 5;
            case "OPTIONS" -> 6;
            default -> 7;
        };
    }

    /**
     * Returns the index of the histogram bucket a duration falls in.
     *
     * @param nanos the duration
     * @return 0 to {@code DURATION_BOUNDS.length} (the last is +Inf)
     */
    static int bucket(long nanos) {
        for (int i = 0; i < BUCKET_NANOS.length; i++) {
            if (nanos <= BUCKET_NANOS[i]) {
                return i;
            }
        }
        return BUCKET_NANOS.length;
    }

    private static final long[] BUCKET_NANOS = bucketNanos();

    private static long[] bucketNanos() {
        long[] nanos = new long[DURATION_BOUNDS.length];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = Math.round(DURATION_BOUNDS[i] * 1e9);
        }
        return nanos;
    }
}
