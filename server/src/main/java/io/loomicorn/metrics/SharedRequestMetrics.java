package io.loomicorn.metrics;

import io.loomicorn.engine.RequestMetrics;
import io.loomicorn.http.parser.ParseError;

import java.util.concurrent.TimeUnit;

/**
 * The engine's counters of a worker process, written into its shared {@link WorkerMetrics}:
 * a handful of atomic adds per request, no lock, no allocation.
 */
public final class SharedRequestMetrics implements RequestMetrics {

    private final WorkerMetrics memory;

    /**
     * Counts into a worker's shared memory.
     *
     * @param memory the worker's metrics memory
     */
    public SharedRequestMetrics(WorkerMetrics memory) {
        this.memory = memory;
    }

    @Override
    public void connectionOpened() {
        memory.add(MetricsLayout.OPEN_CONNECTIONS, 1);
    }

    @Override
    public void connectionClosed() {
        memory.add(MetricsLayout.OPEN_CONNECTIONS, -1);
    }

    @Override
    public void exchangeStarted() {
        memory.add(MetricsLayout.IN_FLIGHT, 1);
    }

    @Override
    public void exchangeEnded() {
        memory.add(MetricsLayout.IN_FLIGHT, -1);
    }

    @Override
    public void requestDone(String method, int status, long nanos) {
        int statusClass = Math.clamp(status / 100, 1, 5) - 1;
        memory.add(MetricsLayout.requests(MetricsLayout.methodClass(method), statusClass), 1);
        int exact = status - MetricsLayout.FIRST_STATUS;
        if (exact >= 0 && exact < MetricsLayout.STATUSES) {
            memory.add(MetricsLayout.STATUS + exact, 1);
        }
        memory.add(MetricsLayout.DURATION_BUCKETS + MetricsLayout.bucket(nanos), 1);
        memory.add(MetricsLayout.DURATION_SUM_NANOS, nanos);
        memory.recordDuration(TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    @Override
    public void parseError(ParseError.Kind kind) {
        memory.add(MetricsLayout.PARSE + kind.ordinal(), 1);
    }

    @Override
    public void timedOut() {
        memory.add(MetricsLayout.TIMEOUTS, 1);
    }

    /**
     * Sets the number of connections that wait for their client's next request (the worker
     * samples it at each heartbeat).
     *
     * @param count the number
     */
    public void idleConnections(int count) {
        memory.set(MetricsLayout.IDLE_CONNECTIONS, count);
    }

    /**
     * Counts one error-log message.
     *
     * @param level an index into {@link MetricsLayout#LOG_LEVELS}
     */
    public void logged(int level) {
        memory.add(MetricsLayout.LOG + level, 1);
    }
}
