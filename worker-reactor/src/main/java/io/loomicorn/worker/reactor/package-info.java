/**
 * The {@code reactor} worker class: an event loop on XNIO's I/O threads, for fast,
 * non-blocking applications.
 *
 * <h2>Threads</h2>
 * {@code threads} XNIO I/O threads per process (default 1: processes already give
 * parallelism), plus XNIO's accept thread and one Loomicorn watchdog thread. Each
 * connection lives on one I/O thread, which reads, parses, runs the application and
 * writes for it. <strong>The application runs on the I/O thread</strong>: while it runs,
 * no other connection of that thread makes progress. Applications that block (JDBC,
 * remote calls, {@code Thread.sleep}) belong on {@code -k vthread}.
 *
 * <h2>Request bodies</h2>
 * A body of up to {@link io.loomicorn.worker.reactor.BufferedBody#LIMIT} bytes is read
 * completely before the application runs, so that the application never waits for the
 * network on the I/O thread. A larger body (a Content-Length above the limit, or a
 * chunked body that grows past it) is streamed instead: that one request runs on a
 * virtual thread that reads the body through a small bounded queue the I/O thread fills
 * ({@link io.loomicorn.worker.reactor.StreamingBody}); reads from the socket stop while
 * the queue is full, so a 100 MiB upload costs a few tens of KiB of heap.
 *
 * <h2>Responses and slow readers</h2>
 * See {@link io.loomicorn.worker.reactor.ConduitResponseChannel}: writes go straight to
 * the socket; what the socket does not take is copied into a per-connection queue of at
 * most {@link io.loomicorn.worker.reactor.ConduitResponseChannel#HIGH_WATER} bytes. The
 * connection reads no further request until that queue is empty. An application running
 * on the I/O thread that writes past the mark waits on the I/O thread until the socket
 * drains (bounded by {@code timeout}); files go through {@code transferTo} and never wait.
 *
 * <h2>Deadlines, timeout and heartbeat</h2>
 * See {@link io.loomicorn.worker.reactor.ReactorWatchdog}.
 *
 * <p>No XNIO type leaves this package (and the bridge in {@code org.xnio.nio}): the
 * application API, the worker SPI and the HTTP engine know nothing of XNIO.
 */
package io.loomicorn.worker.reactor;
