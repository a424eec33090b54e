package io.loomicorn.master;

import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.metrics.ExitCause;
import io.loomicorn.master.RosterAction.Abort;
import io.loomicorn.master.RosterAction.CloseListeners;
import io.loomicorn.master.RosterAction.Kill;
import io.loomicorn.master.RosterAction.QuickShutdown;
import io.loomicorn.master.RosterAction.Reaped;
import io.loomicorn.master.RosterAction.ReloadFailed;
import io.loomicorn.master.RosterAction.RetryBoot;
import io.loomicorn.master.RosterAction.Spawn;
import io.loomicorn.master.RosterAction.Stop;
import io.loomicorn.master.RosterAction.Why;
import io.loomicorn.worker.WorkerMain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The master's state as a pure model: the workers, the generation they serve, the target
 * count, the back-off after failed boots, and the stop in progress. It does no I/O and
 * reads no clock: the arbiter tells it what happened (a worker booted, asked to retire,
 * exited; a reload; a stop), passes the time with every call, and carries out the
 * {@link RosterAction}s it returns.
 *
 * <p>The rules:
 * <ul>
 *   <li><b>Count.</b> The current generation holds {@code target} workers; a missing one is
 *       spawned, a surplus (TTOU) stops the oldest.</li>
 *   <li><b>Overlap.</b> Workers of an older generation, and workers that used up
 *       {@code max_requests}, keep serving until {@code target} workers of the current
 *       generation are ready; only then are they stopped. Capacity never dips.</li>
 *   <li><b>Bad deploys.</b> A worker that exits before it booted makes the roster back off
 *       (0.5 s, doubling, at most 30 s). If it belonged to a new generation, that generation
 *       is abandoned (its other workers killed) and the previous one stays current. If no
 *       worker has ever booted (a cold start), the master halts with exit code 3.</li>
 *   <li><b>Timeouts.</b> A worker silent for {@code timeout} (a booting one: at least
 *       60 s) gets ABORT and SIGQUIT, and SIGKILL a second later. A stopping worker is
 *       not checked; it gets SIGKILL after {@code graceful_timeout}.</li>
 *   <li><b>Stop.</b> TERM or INT goes to every worker and the listeners close; a second,
 *       fast stop sends INT; {@code graceful_timeout} + 1 s after the stop began, survivors
 *       get SIGKILL.</li>
 * </ul>
 */
final class Roster {

    /** Exit code of a cold start whose workers could not boot. */
    static final int EXIT_BOOT_FAILURE = 3;
    /** Exit code of a JVM that ran out of memory under {@code -XX:+ExitOnOutOfMemoryError} (HotSpot's). */
    static final int OUT_OF_MEMORY_EXIT = 3;
    /** Exit code after an unhandled failure of the master's loop, as gunicorn's. */
    static final int EXIT_LOOP_FAILURE = 255;

    static final long KILL_AFTER_ABORT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A JVM needs longer to start than a forked Python process, and more on a loaded machine. */
    static final long BOOT_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final long SPAWN_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final List<WorkerProcess> workers = new ArrayList<>();
    private long timeoutNanos;
    private long graceNanos;

    private int target;
    private int age;
    private int generation;
    private int previousGeneration = -1;
    private boolean everBooted;
    private int bootFailures;
    private long nextSpawnNanos;
    private boolean reloadPending;

    private boolean stopping;
    private boolean fastStop;
    private long stopDeadlineNanos;
    private int exitCode;
    private String haltReason;

    /**
     * Creates an empty roster.
     *
     * @param timeout {@code timeout}; zero turns heartbeat checks off
     * @param grace   {@code graceful_timeout}
     * @param now     the clock
     */
    Roster(Duration timeout, Duration grace, long now) {
        timeouts(timeout, grace);
        this.nextSpawnNanos = now;
    }

    /** Takes new {@code timeout} and {@code graceful_timeout} values (HUP). */
    void timeouts(Duration timeout, Duration grace) {
        this.timeoutNanos = timeout.toNanos();
        this.graceNanos = grace.toNanos();
    }

    // ---- queries ----

    int target() {
        return target;
    }

    int generation() {
        return generation;
    }

    boolean stopping() {
        return stopping;
    }

    /** Returns true once the master is stopping and every worker is gone. */
    boolean finished() {
        return stopping && workers.isEmpty();
    }

    int exitCode() {
        return exitCode;
    }

    /** Returns why the master halts on its own, or null. */
    String haltReason() {
        return haltReason;
    }

    /** Returns the workers, oldest first. */
    List<WorkerProcess> workers() {
        return workers.stream().sorted(Comparator.comparingInt(WorkerProcess::age)).toList();
    }

    // ---- the count ----

    /**
     * Sets how many workers the current generation should have.
     *
     * @param value the new count; negative counts as 0
     * @return the previous count
     */
    int setTarget(int value) {
        int old = target;
        target = Math.max(0, value);
        return old;
    }

    /** TTOU: one worker fewer, but never below one, as gunicorn. Returns whether the count changed. */
    boolean decrement() {
        if (target <= 1) {
            return false;
        }
        target--;
        return true;
    }

    // ---- events ----

    /**
     * A worker started.
     *
     * @param info       its pid, age, class and budget
     * @param generation the generation of the {@link Spawn} it answers
     * @param beat       its heartbeat's value now
     * @param now        the clock
     * @return the worker, now on the roster
     */
    WorkerProcess spawned(WorkerInfo info, int generation, long beat, long now) {
        return spawned(info, generation, freeSlot(), beat, now);
    }

    /**
     * A worker started in a slot chosen before (it was told its slot at its start).
     *
     * @param info       its pid, age, class and budget
     * @param generation the generation of the {@link Spawn} it answers
     * @param slot       its slot, from {@link #freeSlot()}
     * @param beat       its heartbeat's value now
     * @param now        the clock
     * @return the worker, now on the roster
     */
    WorkerProcess spawned(WorkerInfo info, int generation, int slot, long beat, long now) {
        WorkerProcess w = new WorkerProcess(info, generation, slot, beat, now);
        workers.add(w);
        return w;
    }

    /**
     * The lowest slot that no worker of the current generation holds, leaving out those
     * that asked to retire or are stopping: a replacement (after {@code max_requests}, a
     * crash, TTOU and TTIN, or a reload) takes the slot of the worker it replaces, at once,
     * so slots stay below the count of workers (unless TTOU stopped a lower one) and name
     * a place, not a process (the {@code worker} label of applications' metrics). Two live
     * workers share a slot only while one of them is on its way out.
     */
    int freeSlot() {
        BitSet taken = new BitSet();
        for (WorkerProcess w : workers) {
            if (w.generation() == generation && !w.retireRequested() && w.state() != WorkerProcess.State.STOPPING) {
                taken.set(w.slot());
            }
        }
        return taken.nextClearBit(0);
    }

    /** A worker could not be started at all (the JVM did not start): wait a second before the next. */
    void spawnFailed(long now) {
        nextSpawnNanos = now + SPAWN_RETRY_NANOS;
    }

    /** A worker said BOOTED. Returns whether it was booting (it serves from now on). */
    boolean booted(WorkerProcess w, long now) {
        everBooted = true;
        bootFailures = 0;
        return w.booted(now);
    }

    /** Tells whether the current generation serves: {@code target} of its workers booted and none is left to spawn. */
    boolean currentGenerationReady() {
        if (reloadPending || previousGeneration >= 0) {
            return false;
        }
        int ready = 0;
        for (WorkerProcess w : workers) {
            if (w.generation() == generation && w.state() == WorkerProcess.State.READY) {
                ready++;
            }
        }
        return ready >= target;
    }

    /** Tells whether a reload waits for its new generation (or for its back-off to end). */
    boolean reloading() {
        return reloadPending || previousGeneration >= 0;
    }

    /**
     * A worker exited.
     *
     * @param w    the worker
     * @param code its exit value
     * @param now  the clock
     * @return what to do: report the exit, or deal with a failed boot
     */
    List<RosterAction> exited(WorkerProcess w, int code, long now) {
        workers.remove(w);
        w.exited(exitCause(w, code));
        List<RosterAction> actions = new ArrayList<>();
        if (w.state() == WorkerProcess.State.BOOTING && !stopping) {
            bootFailed(w, code, now, actions);
        } else {
            actions.add(new Reaped(w, code));
        }
        return actions;
    }

    /**
     * Why a worker ended: WORKER TIMEOUT first (the master killed it for silence); a worker
     * that never booted failed to boot, unless the master stopped it; exit code 3 after the
     * boot is the JVM's {@code -XX:+ExitOnOutOfMemoryError} (a booted worker exits 3 for
     * nothing else); then a stop the master asked for (a recycle if the worker had used up
     * its requests); a signal the master did not send; else a crash.
     */
    static ExitCause exitCause(WorkerProcess w, int code) {
        if (w.killedFor() == Why.UNRESPONSIVE) {
            return ExitCause.TIMEOUT;
        }
        boolean stopped = w.state() == WorkerProcess.State.STOPPING;
        if (w.bootedNanos() < 0) {
            return stopped ? ExitCause.STOPPED : ExitCause.BOOT_FAILED;
        }
        if (code == OUT_OF_MEMORY_EXIT) {
            return ExitCause.OOM;
        }
        if (stopped) {
            return w.retireRequested() ? ExitCause.RECYCLED : ExitCause.STOPPED;
        }
        return code > 128 ? ExitCause.SIGNAL : ExitCause.CRASH;
    }

    private void bootFailed(WorkerProcess w, int code, long now, List<RosterAction> actions) {
        String reason = w.failure() != null ? w.failure() : "the worker exited with code " + code + " before it booted";
        if (!everBooted) {
            // A cold start that cannot boot halts, as gunicorn does, instead of looping.
            haltReason = (code == WorkerMain.APP_LOAD_ERROR ? "App failed to load: " : "Worker failed to boot: ") + reason;
            exitCode = EXIT_BOOT_FAILURE;
            actions.addAll(stop(true, now));
            return;
        }
        bootFailures++;
        long backoff = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(10, bootFailures - 1));
        nextSpawnNanos = now + backoff;
        if (w.generation() == generation && previousGeneration >= 0) {
            actions.add(new ReloadFailed(reason));
            abandonGeneration(now, actions);
        } else {
            actions.add(new RetryBoot(backoff, reason));
        }
    }

    /** Drops the generation that failed to boot and makes the previous one current again. */
    private void abandonGeneration(long now, List<RosterAction> actions) {
        int failed = generation;
        generation = previousGeneration;
        previousGeneration = -1;
        for (WorkerProcess w : List.copyOf(workers)) {
            if (w.generation() == failed) {
                w.stopSent(now);
                w.killed(Why.ABANDONED);
                actions.add(new Kill(w, Why.ABANDONED));
            }
        }
    }

    /**
     * A reload (HUP, or changed code): start a new generation, which replaces the current
     * one once it serves. While backing off after failed boots, the reload waits for the
     * back-off to end.
     */
    void newGeneration(long now) {
        if (now - nextSpawnNanos < 0) {
            reloadPending = true;
            return;
        }
        reloadPending = false;
        previousGeneration = generation;
        generation++;
    }

    /**
     * TERM (graceful) or INT (fast) reached the master, or it halts on its own.
     *
     * @return the stops to send, and, the first time, closing the listeners
     */
    List<RosterAction> stop(boolean fast, long now) {
        List<RosterAction> actions = new ArrayList<>();
        if (stopping) {
            if (fast && !fastStop) {
                fastStop = true;
                actions.add(new QuickShutdown());
                stopAll(true, now, actions);
            }
            return actions;
        }
        stopping = true;
        fastStop = fast;
        stopDeadlineNanos = now + graceNanos + TimeUnit.SECONDS.toNanos(1);
        stopAll(fast, now, actions);
        actions.add(new CloseListeners());
        return actions;
    }

    /** The master's loop failed: stop every worker at once, and exit with 255. */
    List<RosterAction> loopFailed(long now) {
        fastStop = true;
        exitCode = EXIT_LOOP_FAILURE;
        List<RosterAction> actions = new ArrayList<>();
        stopAll(true, now, actions);
        return actions;
    }

    private void stopAll(boolean fast, long now, List<RosterAction> actions) {
        for (WorkerProcess w : List.copyOf(workers)) {
            w.stopSent(now);
            actions.add(new Stop(w, fast));
        }
    }

    // ---- the clock ----

    /**
     * Acts on the time: heartbeats (read into the workers just before), grace periods, the
     * stop deadline, then the count and the overlap.
     *
     * @param now the clock
     * @return what to do
     */
    List<RosterAction> tick(long now) {
        List<RosterAction> actions = new ArrayList<>();
        if (!stopping) {
            checkHeartbeats(now, actions);
        }
        enforceStopDeadlines(now, actions);
        if (!stopping) {
            manage(now, actions);
        }
        return actions;
    }

    private void checkHeartbeats(long now, List<RosterAction> actions) {
        if (timeoutNanos <= 0) {
            return;
        }
        // Stopping workers too, as gunicorn: a draining worker keeps beating while it is healthy
        // and while it closes the application, so its silence means it is stuck, and waiting
        // out graceful_timeout would only hide where.
        for (WorkerProcess w : workers) {
            if (w.wasKilled()) {
                continue;
            }
            long limit = w.state() == WorkerProcess.State.BOOTING ? Math.max(timeoutNanos, BOOT_ALLOWANCE_NANOS)
                    : timeoutNanos;
            if (w.silenceNanos(now) <= limit) {
                continue;
            }
            if (!w.isAborted()) {
                w.aborted(now);
                actions.add(new Abort(w));
            } else if (now - w.abortedNanos() > KILL_AFTER_ABORT_NANOS && !w.wasKilled()) {
                w.killed(Why.UNRESPONSIVE);
                actions.add(new Kill(w, Why.UNRESPONSIVE));
            }
        }
    }

    private void enforceStopDeadlines(long now, List<RosterAction> actions) {
        for (WorkerProcess w : workers) {
            if (w.state() == WorkerProcess.State.STOPPING && !w.wasKilled() && now - w.stopSentNanos() > graceNanos) {
                w.killed(Why.GRACEFUL_TIMEOUT);
                actions.add(new Kill(w, Why.GRACEFUL_TIMEOUT));
            }
        }
        if (stopping && now - stopDeadlineNanos > 0) {
            for (WorkerProcess w : workers) {
                if (!w.wasKilled()) {
                    w.killed(Why.STOP_DEADLINE);
                    actions.add(new Kill(w, Why.STOP_DEADLINE));
                }
            }
        }
    }

    private void manage(long now, List<RosterAction> actions) {
        if (reloadPending && now - nextSpawnNanos >= 0) {
            newGeneration(now);
        }
        List<WorkerProcess> current = new ArrayList<>();
        int ready = 0;
        for (WorkerProcess w : workers) {
            if (w.generation() == generation && !w.retireRequested() && w.state() != WorkerProcess.State.STOPPING) {
                current.add(w);
                if (w.state() == WorkerProcess.State.READY) {
                    ready++;
                }
            }
        }
        // Too many (TTOU): stop the oldest.
        current.sort(Comparator.comparingInt(WorkerProcess::age));
        for (int i = 0; current.size() - i > target; i++) {
            stopOne(current.get(i), now, actions);
        }
        // Too few: spawn, unless backing off after failed boots.
        if (current.size() < target && now - nextSpawnNanos >= 0) {
            for (int i = current.size(); i < target; i++) {
                actions.add(new Spawn(++age, generation));
            }
        }
        // Retire the previous generation and workers that asked for it, once enough of
        // the current generation serve: capacity never dips.
        if (ready >= target) {
            previousGeneration = -1; // a reload in progress has succeeded
            for (WorkerProcess w : List.copyOf(workers)) {
                if (w.state() != WorkerProcess.State.STOPPING && (w.generation() != generation || w.retireRequested())) {
                    stopOne(w, now, actions);
                }
            }
        }
    }

    private static void stopOne(WorkerProcess w, long now, List<RosterAction> actions) {
        w.stopSent(now);
        actions.add(new Stop(w, false));
    }
}
