package io.loomicorn.master;

import io.loomicorn.internal.Posix;
import io.loomicorn.logging.ServerLog;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * The master's signal handlers: each only queues the signal for the arbiter loop, as
 * gunicorn's handlers do since 24.0.
 *
 * <p>The JVM keeps SIGQUIT (thread dumps) and SIGUSR2 (thread suspension) for itself,
 * so INT is the fast stop and there is no USR2 binary upgrade; see docs/signals.md.
 *
 * <p>A master started under {@code nohup}, or as a shell's background job, inherits HUP
 * or INT ignored, and the JVM installs no handler for an ignored signal: HUP would not
 * reload, and the workers, which inherit the same, would ignore the INT of a fast stop.
 * Like gunicorn (Python's handlers replace an inherited {@code SIG_IGN}), the master
 * takes those signals back before installing its handlers.
 */
final class MasterSignals {

    /** The signals the master handles. */
    static final List<String> HANDLED = List.of("TERM", "INT", "HUP", "TTIN", "TTOU", "USR1", "WINCH");

    private static final Path STATUS = Path.of("/proc/self/status");

    private MasterSignals() {
    }

    static void install(Queue<MasterEvent> events) {
        reclaimIgnored();
        for (String name : HANDLED) {
            try {
                Signal.handle(new Signal(name), s -> events.add(new MasterEvent.Signal(name)));
            } catch (IllegalArgumentException e) {
                ServerLog.ERROR.warn("Cannot handle SIG{} on this JVM: {}", name, e.getMessage());
            }
        }
    }

    private static void reclaimIgnored() {
        long ignored;
        try {
            ignored = ignoredMask(Files.readString(STATUS));
        } catch (IOException | RuntimeException e) {
            return; // not Linux's /proc: nothing to learn, the handlers go in as before
        }
        List<String> reclaimed = new ArrayList<>();
        for (String name : HANDLED) {
            int number = new Signal(name).getNumber();
            if ((ignored & (1L << (number - 1))) != 0) {
                try {
                    Posix.defaultDisposition(number);
                    reclaimed.add("SIG" + name);
                } catch (IOException e) {
                    ServerLog.ERROR.warn("SIG{} is ignored and cannot be handled: {}", name, e.getMessage());
                }
            }
        }
        if (!reclaimed.isEmpty()) {
            ServerLog.ERROR.info("{} ignored when the master started (nohup, or a background job): handling {} as usual",
                    String.join(" and ", reclaimed), reclaimed.size() == 1 ? "it" : "them");
        }
    }

    /**
     * Reads the mask of ignored signals from the text of {@code /proc/PID/status}: bit
     * {@code n - 1} stands for signal {@code n}.
     *
     * @throws IllegalArgumentException if the text has no {@code SigIgn} line
     */
    static long ignoredMask(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("SigIgn:")) {
                return Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
            }
        }
        throw new IllegalArgumentException("no SigIgn line");
    }
}
