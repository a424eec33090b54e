/**
 * The load runner: starts each worker class (and optionally Undertow and Helidon) as real processes,
 * drives them with wrk or the built-in Java load generator, measures throughput, latency,
 * errors, server CPU per request and memory, and writes a Markdown table, JSON and an SVG
 * chart. {@link io.loomicorn.bench.load.BenchRunner} is the entry point; see
 * {@code benchmarks/README.md}.
 */
package io.loomicorn.bench.load;
