/**
 * Metrics that are right across workers: each worker counts into shared memory
 * ({@link io.loomicorn.metrics.WorkerMetrics}, no lock and no metrics library on the request
 * path); the master sums the workers at scrape time and folds a worker that exits into a
 * running total ({@link io.loomicorn.metrics.MetricsLedger}), so that counters never go down
 * across recycling, HUP or a crash. The master exposes the sums to Prometheus
 * ({@link io.loomicorn.metrics.PrometheusExposition}) and to statsd
 * ({@link io.loomicorn.metrics.StatsdReporter}, gunicorn's metric names).
 */
package io.loomicorn.metrics;
