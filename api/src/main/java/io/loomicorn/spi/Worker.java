package io.loomicorn.spi;

import java.time.Duration;

/**
 * Serves connections in one worker process.
 *
 * <p>The worker process calls {@link #run()} once, on its main thread, and exits when it
 * returns. Signals arrive on another thread as {@link #shutdown(Duration)}.
 *
 * <p>Extend {@link WorkerBase}, which keeps the rules every worker class shares (heartbeat
 * cadence, shutdown and grace period, the listeners, the accept queue at the last stop):
 * a subclass states only how it accepts connections and on which threads it runs them,
 * and drives each connection's {@link Connection} from the {@link Engine}. A class that
 * implements this interface directly must keep the same rules itself: accept from every
 * listener and never bind; beat at least every {@code timeout / 2} seconds; on shutdown
 * stop accepting, {@link Engine#drain() drain}, let requests finish within the grace
 * period, then {@link Engine#closeAll() close the rest}.
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
