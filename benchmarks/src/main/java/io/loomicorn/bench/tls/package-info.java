/**
 * The {@code tls} scenarios of {@code benchmarks/run} (issue 12): Loomicorn against Undertow
 * and Jetty over TLS 1.3, on kept-alive connections and with a handshake per request, CPU
 * per request as a ratio to the better baseline.
 */
package io.loomicorn.bench.tls;
