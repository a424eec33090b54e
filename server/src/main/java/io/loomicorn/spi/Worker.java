package io.loomicorn.spi;

import java.time.Duration;

/**
 * Serves connections in one worker process.
 *
 * <p>The worker process calls {@link #run()} once, on its main thread, and exits when it
 * returns. Signals arrive on another thread as {@link #shutdown(Duration)}.
 *
 * <p>Every worker class keeps the same rules:
 * <ul>
 *   <li>accept from every listener in {@link WorkerContext#listeners()}; never bind;</li>
 *   <li>call {@link WorkerContext#heartbeat()} at least once a second while healthy,
 *       or, for a worker that serves one request at a time, between requests, so that
 *       {@code timeout} bounds a single request;</li>
 *   <li>report each finished request with {@link WorkerContext#requestCompleted()};</li>
 *   <li>on shutdown, stop accepting, answer the next request of a busy keep-alive
 *       connection with {@code Connection: close}, close idle connections, let
 *       in-flight requests finish within the grace period, then close the rest.</li>
 * </ul>
 * The classes of package {@code io.loomicorn.engine} implement the HTTP side of these
 * rules, so that a worker class only decides how connections are accepted and run.
 */
public interface Worker {

    /**
     * Serves until shutdown completes.
     *
     * @throws Exception if serving fails; the process exits with an error
     */
    void run() throws Exception;

    /**
     * Begins shutdown and returns at once. Idempotent; a later call may shorten the grace
     * period but never lengthen it.
     *
     * @param grace how long in-flight requests may still run; {@link Duration#ZERO}
     *              closes everything now
     */
    void shutdown(Duration grace);
}
