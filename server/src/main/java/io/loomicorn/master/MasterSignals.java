package io.loomicorn.master;

import io.loomicorn.logging.ServerLog;
import sun.misc.Signal;

import java.util.List;
import java.util.Queue;

/**
 * The master's signal handlers: each only queues the signal for the arbiter loop, as
 * gunicorn's handlers do since 24.0.
 *
 * <p>The JVM keeps SIGQUIT (thread dumps) and SIGUSR2 (thread suspension) for itself,
 * so INT is the fast stop and there is no USR2 binary upgrade; see docs/signals.md.
 */
final class MasterSignals {

    /** The signals the master handles. */
    static final List<String> HANDLED = List.of("TERM", "INT", "HUP", "TTIN", "TTOU", "USR1", "WINCH");

    private MasterSignals() {
    }

    static void install(Queue<MasterEvent> events) {
        for (String name : HANDLED) {
            try {
                Signal.handle(new Signal(name), s -> events.add(new MasterEvent.Signal(name)));
            } catch (IllegalArgumentException e) {
                ServerLog.ERROR.warn("Cannot handle SIG{} on this JVM: {}", name, e.getMessage());
            }
        }
    }
}
