package io.loomicorn.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the master tells systemd, decided from its state and the time, with no I/O (the
 * arbiter sends what {@link #update} returns through {@link SdNotify}):
 * <ul>
 *   <li>{@code READY=1} once the first generation of workers serves;</li>
 *   <li>{@code RELOADING=1} with {@code MONOTONIC_USEC} on HUP, then {@code READY=1} when the
 *       new generation serves or the reload failed and the old one keeps serving (as
 *       {@code Type=notify-reload} expects);</li>
 *   <li>{@code STOPPING=1} when a stop begins;</li>
 *   <li>a {@code STATUS=} line whenever the state it describes changes;</li>
 *   <li>{@code WATCHDOG=1} every half {@code WATCHDOG_USEC}, from the arbiter's loop, so
 *       that a stuck loop stops it and systemd restarts the service.</li>
 * </ul>
 */
public final class SystemdNotifier {

    /**
     * The master's state as the notifier needs it.
     *
     * @param serving    whether the current generation has its workers booted
     * @param reloading  whether a reload waits for its new generation
     * @param stopping   whether a stop has begun
     * @param generation the current generation
     * @param target     how many workers the master keeps
     * @param ready      how many workers serve
     * @param live       how many worker processes are alive
     */
    public record State(boolean serving, boolean reloading, boolean stopping, int generation, int target, int ready,
                        int live) {
    }

    private final long watchdogNanos;
    private long nextWatchdog;
    private boolean readySent;
    private boolean reloadAnnounced;
    private boolean stoppingSent;
    private String status = "";

    /**
     * Creates a notifier.
     *
     * @param watchdogNanos how often to send {@code WATCHDOG=1}, or 0 for never
     * @param now           the clock ({@link System#nanoTime()})
     */
    public SystemdNotifier(long watchdogNanos, long now) {
        this.watchdogNanos = watchdogNanos;
        this.nextWatchdog = now;
    }

    /**
     * Reads the watchdog period from systemd's environment: half of {@code WATCHDOG_USEC},
     * when {@code WATCHDOG_PID} is unset or is this process.
     *
     * @param env the environment
     * @param pid this process
     * @return the period in nanoseconds, or 0 when there is no watchdog
     */
    public static long watchdogPeriod(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return 0;
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros <= 0 ? 0 : TimeUnit.MICROSECONDS.toNanos(micros) / 2;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A reload (HUP, or changed code) began.
     *
     * @param now the clock ({@link System#nanoTime()}, which is {@code CLOCK_MONOTONIC} on Linux)
     * @return the message to send
     */
    public String reloading(long now) {
        reloadAnnounced = true;
        return "RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(now);
    }

    /**
     * Decides what to send after a turn of the arbiter's loop.
     *
     * @param state the master's state now
     * @param now   the clock
     * @return the messages to send, each one datagram; often none
     */
    public List<String> update(State state, long now) {
        List<String> out = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        if (state.stopping()) {
            if (!stoppingSent) {
                stoppingSent = true;
                lines.add("STOPPING=1");
            }
        } else if (state.serving() && !state.reloading() && (!readySent || reloadAnnounced)) {
            readySent = true;
            reloadAnnounced = false;
            lines.add("READY=1");
        }
        String text = statusText(state);
        if (!text.equals(status)) {
            status = text;
            lines.add("STATUS=" + text);
        }
        if (!lines.isEmpty()) {
            out.add(String.join("\n", lines));
        }
        if (watchdogNanos > 0 && now - nextWatchdog >= 0) {
            nextWatchdog = now + watchdogNanos;
            out.add("WATCHDOG=1");
        }
        return out;
    }

    private static String statusText(State s) {
        if (s.stopping()) {
            return "Stopping: " + s.live() + (s.live() == 1 ? " worker" : " workers") + " left";
        }
        if (s.reloading()) {
            return "Reloading: generation " + s.generation() + " booting, " + s.ready() + " workers serving";
        }
        if (!s.serving()) {
            return "Booting: " + s.ready() + " of " + s.target() + " workers ready";
        }
        return "Serving: " + s.ready() + (s.ready() == 1 ? " worker" : " workers") + " (generation " + s.generation() + ")";
    }
}
