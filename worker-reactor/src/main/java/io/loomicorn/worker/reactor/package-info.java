/**
 * The {@code reactor} worker class: an event loop on XNIO's I/O threads, for fast,
 * non-blocking applications.
 *
 * <h2>Threads</h2>
 * {@code threads} XNIO I/O threads per process (default 1: processes already give
 * parallelism), plus XNIO's accept thread and the engine's watchdog. Each connection lives
 * on one I/O thread, which reads and writes for it and runs its requests when the engine's
 * connection machine allows it ({@code Connection.dispatchInline()}: the body is in memory
 * and the application does not block). <strong>An inline request runs on the I/O
 * thread</strong>: while it runs, no other connection of that thread makes progress.
 * Applications that block (JDBC, remote calls, {@code Thread.sleep}) belong on
 * {@code -k vthread}, or say so with {@code App.isBlocking()}.
 *
 * <h2>Responses and slow readers</h2>
 * See {@link io.loomicorn.worker.reactor.ConduitResponseChannel}: writes go straight to
 * the socket; what the socket does not take is copied into a per-connection queue of at
 * most {@link io.loomicorn.worker.reactor.ConduitResponseChannel#HIGH_WATER} bytes. The
 * connection reads no further request until that queue is empty.
 *
 * <p>Every HTTP rule is the engine's ({@code io.loomicorn.engine.Http1Connection}); this
 * package is the XNIO side of it. No XNIO type leaves this package (and the bridge in
 * {@code org.xnio.nio}).
 */
package io.loomicorn.worker.reactor;
