/**
 * The Worker SPI: how a worker class plugs into Loomicorn.
 *
 * <p>A {@link io.loomicorn.spi.WorkerFactory} found by {@link java.util.ServiceLoader}
 * makes one {@link io.loomicorn.spi.Worker} per worker process, which serves the
 * {@link io.loomicorn.spi.Listener}s of its {@link io.loomicorn.spi.WorkerContext}.
 * Like the application API this is a contract for third parties: small and stable.
 */
package io.loomicorn.spi;
