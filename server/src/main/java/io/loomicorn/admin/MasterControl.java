package io.loomicorn.admin;

import java.util.concurrent.CompletableFuture;

/** The arbiter's side of the control socket: it carries out an action on its own thread. */
@FunctionalInterface
public interface MasterControl {

    /**
     * Queues an action for the arbiter.
     *
     * @param action the action
     * @return completes with one line saying what was done, once the arbiter did it
     */
    CompletableFuture<String> perform(ControlCommand.Action action);
}
