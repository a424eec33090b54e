package io.loomicorn.master;

/**
 * What the {@link Roster} asks the arbiter to do: the only way the pure model reaches
 * processes, signals and logs.
 */
sealed interface RosterAction {

    /**
     * Start a worker.
     *
     * @param age        its spawn counter (TTOU stops the lowest)
     * @param generation the generation it serves
     */
    record Spawn(int age, int generation) implements RosterAction {
    }

    /**
     * Stop a worker: TERM (drain within {@code graceful_timeout}) or INT (at once).
     *
     * @param worker the worker
     * @param fast   INT rather than TERM
     */
    record Stop(WorkerProcess worker, boolean fast) implements RosterAction {
    }

    /**
     * WORKER TIMEOUT: a worker was silent past {@code timeout}; send ABORT and SIGQUIT (a
     * thread dump into the error log).
     *
     * @param worker the worker
     */
    record Abort(WorkerProcess worker) implements RosterAction {
    }

    /**
     * Send SIGKILL.
     *
     * @param worker the worker
     * @param why    why it has to die
     */
    record Kill(WorkerProcess worker, Why why) implements RosterAction {
    }

    /**
     * A worker that had booted (or was being stopped) exited; say how.
     *
     * @param worker the worker, no longer on the roster
     * @param code   its exit value (128 + N when killed by signal N)
     */
    record Reaped(WorkerProcess worker, int code) implements RosterAction {
    }

    /**
     * A worker failed to boot; the roster backs off before it spawns again.
     *
     * @param backoffNanos how long
     * @param reason       the worker's own words
     */
    record RetryBoot(long backoffNanos, String reason) implements RosterAction {
    }

    /**
     * A new generation failed to boot: it is abandoned and the previous one keeps serving.
     *
     * @param reason the failed worker's own words
     */
    record ReloadFailed(String reason) implements RosterAction {
    }

    /** A fast stop was asked for during a graceful one. */
    record QuickShutdown() implements RosterAction {
    }

    /** The master stops: close the listeners, so no new connection waits for a dying worker. */
    record CloseListeners() implements RosterAction {
    }

    /** Why a worker gets SIGKILL. */
    enum Why {
        /** Still silent a second after ABORT and SIGQUIT. */
        UNRESPONSIVE,
        /** Still draining after {@code graceful_timeout}. */
        GRACEFUL_TIMEOUT,
        /** The master's own stop deadline passed. */
        STOP_DEADLINE,
        /** Its generation failed to boot. */
        ABANDONED
    }
}
