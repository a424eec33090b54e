package io.loomicorn.master;

/** What wakes the arbiter's loop. */
sealed interface MasterEvent {

    /**
     * A signal reached the master.
     *
     * @param name the signal's name without {@code SIG}, e.g. {@code TERM}
     */
    record Signal(String name) implements MasterEvent {
    }

    /**
     * A worker sent a line on its control channel.
     *
     * @param worker the worker
     * @param line   the message
     */
    record Message(WorkerProcess worker, String line) implements MasterEvent {
    }

    /**
     * A worker process ended.
     *
     * @param worker the worker
     * @param code   its exit value (128 + N when killed by signal N)
     */
    record Exited(WorkerProcess worker, int code) implements MasterEvent {
    }

    /**
     * With {@code reload}, the application's files changed.
     *
     * @param path a file that changed
     */
    record CodeChanged(java.nio.file.Path path) implements MasterEvent {
    }

    /**
     * A command came in on the control socket ({@code loomicorn ctl}).
     *
     * @param action what to do
     * @param reply  completes with one line once it is done
     */
    record Control(io.loomicorn.admin.ControlCommand.Action action,
                   java.util.concurrent.CompletableFuture<String> reply) implements MasterEvent {
    }
}
