package io.loomicorn.bench.load;

import java.io.IOException;

/** A load generator: wrk, or the built-in Java one. */
public interface LoadDriver {

    /** The generator's name for reports: {@code wrk} or {@code java}. */
    String name();

    /**
     * Starts sending load and returns at once.
     *
     * @param spec what to send
     * @return the running load
     * @throws IOException if the generator cannot start
     */
    RunningLoad start(LoadSpec spec) throws IOException;

    /** Load being sent. */
    interface RunningLoad {

        /** Responses received so far (an estimate for wrk), for the progress line. */
        long completedSoFar();

        /** Whether the run has ended. */
        boolean isDone();

        /**
         * Waits for the run to end and returns what it measured.
         *
         * @return the result
         * @throws IOException if the generator failed
         * @throws InterruptedException if interrupted; the load is stopped
         */
        LoadResult await() throws IOException, InterruptedException;

        /** Stops the load at once (Ctrl-C, failures). */
        void cancel();
    }
}
