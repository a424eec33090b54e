/**
 * The Worker SPI: how a worker class plugs into Loomicorn.
 *
 * <p>A {@link io.loomicorn.spi.WorkerFactory} found by {@link java.util.ServiceLoader}
 * makes one {@link io.loomicorn.spi.Worker} per worker process (usually a
 * {@link io.loomicorn.spi.WorkerBase}), which accepts from the
 * {@link io.loomicorn.spi.Listener}s of its {@link io.loomicorn.spi.WorkerContext} and hands
 * each connection to the {@link io.loomicorn.spi.Engine}: the engine's
 * {@link io.loomicorn.spi.Connection} holds every HTTP rule, the worker class gives it a
 * {@link io.loomicorn.spi.Transport} and pumps bytes. Like the application API this is a
 * contract for third parties, in {@code loomicorn-api} with no dependency but the JDK:
 * small and stable. {@code docs/writing-a-worker.md} shows a blocking and a non-blocking
 * worker class built on it.
 */
package io.loomicorn.spi;
