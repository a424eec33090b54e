package io.loomicorn.bench.load;

/**
 * What a load run measured.
 *
 * @param requests      responses received inside the measured window (any status)
 * @param seconds       the length of the measured window
 * @param bytesRead     bytes received
 * @param errors        the errors, by kind
 * @param p50Micros     median latency
 * @param p99Micros     99th percentile latency
 * @param p999Micros    99.9th percentile latency
 * @param maxMicros     the largest latency
 * @param generator     which generator measured it ({@code wrk} or {@code java})
 */
public record LoadResult(long requests, double seconds, long bytesRead, Errors errors,
                         double p50Micros, double p99Micros, double p999Micros, double maxMicros,
                         String generator) {

    /**
     * Errors by kind, as wrk counts them.
     *
     * @param connect connections that could not be opened
     * @param read    read errors and connections closed mid-response
     * @param write   write errors
     * @param status  responses whose status was not 2xx (wrk: 4xx and 5xx)
     * @param timeout requests slower than the timeout
     */
    public record Errors(long connect, long read, long write, long status, long timeout) {

        /** No errors. */
        public static final Errors NONE = new Errors(0, 0, 0, 0, 0);

        /** The sum of every kind. */
        public long total() {
            return connect + read + write + status + timeout;
        }
    }

    /** Requests per second over the window. */
    public double requestsPerSecond() {
        return seconds > 0 ? requests / seconds : 0;
    }
}
