package io.loomicorn.bench.engine;

import io.loomicorn.engine.RequestMetrics;
import io.loomicorn.metrics.SharedRequestMetrics;
import io.loomicorn.metrics.WorkerMetrics;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link ExchangeBenchmark}'s exchange with the engine counting into a worker's metrics
 * memory ({@code on}: the atomic adds a worker makes per request) or into nothing
 * ({@code off}): the difference is what the metrics add to one request on the request
 * path, without the noise of a whole server on a shared machine ({@code benchmarks/run
 * metrics-cost} measures that).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MetricsExchangeBenchmark -p peer=loopback}.
 */
public class MetricsExchangeBenchmark extends ExchangeBenchmark {

    /** {@code on} counts as a worker does, {@code off} counts nothing. */
    @Param({"off", "on"})
    public String metrics;

    private final RequestMetrics counting = new SharedRequestMetrics(WorkerMetrics.inMemory());

    @Override
    protected RequestMetrics metrics() {
        return metrics.equals("on") ? counting : RequestMetrics.NONE;
    }
}
