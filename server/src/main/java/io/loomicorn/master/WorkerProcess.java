package io.loomicorn.master;

import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.metrics.ExitCause;

/**
 * One worker as the {@link Roster} sees it: who it is, which generation it serves, and
 * where it is in its life. Pure state, changed only through its transition methods, by
 * the roster on the arbiter's thread; the process itself is reached through {@link WorkerJvm}.
 */
final class WorkerProcess {

    /** Where a worker is in its life. */
    enum State {
        /** Started; has not said BOOTED yet. */
        BOOTING,
        /** Serving. */
        READY,
        /** Sent TERM, INT or KILL; on its way out. */
        STOPPING
    }

    private final WorkerInfo info;
    private final int generation;
    private final int slot;
    private final long spawnedNanos;

    private State state = State.BOOTING;
    private boolean retireRequested;
    private String failure;
    private long lastBeat;
    private long lastBeatChangeNanos;
    private long stopSentNanos;
    private long abortedNanos;
    private boolean aborted;
    private boolean killed;
    private RosterAction.Why killedFor;
    private long bootedNanos = -1;
    private ExitCause exitCause;

    /**
     * Records a worker just started.
     *
     * @param info       its pid, age, class and budget
     * @param generation the master's generation it belongs to
     * @param slot       its slot: the lowest number no other current worker had when it started
     * @param beat       its heartbeat's value at the start
     * @param now        the clock, in nanoseconds
     */
    WorkerProcess(WorkerInfo info, int generation, int slot, long beat, long now) {
        this.info = info;
        this.generation = generation;
        this.slot = slot;
        this.spawnedNanos = now;
        this.lastBeat = beat;
        this.lastBeatChangeNanos = now;
    }

    long pid() {
        return info.pid();
    }

    WorkerInfo info() {
        return info;
    }

    int age() {
        return info.age();
    }

    int generation() {
        return generation;
    }

    /** Returns its slot: the lowest free number from 0; a worker that replaces another takes its slot ({@link Roster#freeSlot()}). */
    int slot() {
        return slot;
    }

    /** Returns when it said BOOTED, or -1. */
    long bootedNanos() {
        return bootedNanos;
    }

    /** Returns why it exited, once it has. */
    ExitCause exitCause() {
        return exitCause;
    }

    /** Returns why the master sent it SIGKILL, or null. */
    RosterAction.Why killedFor() {
        return killedFor;
    }

    long spawnedNanos() {
        return spawnedNanos;
    }

    State state() {
        return state;
    }

    boolean retireRequested() {
        return retireRequested;
    }

    /** Returns why it failed to boot, as it said on its control channel, or null. */
    String failure() {
        return failure;
    }

    long stopSentNanos() {
        return stopSentNanos;
    }

    boolean isAborted() {
        return aborted;
    }

    long abortedNanos() {
        return abortedNanos;
    }

    /** Returns whether the master sent it SIGKILL. */
    boolean wasKilled() {
        return killed;
    }

    // ---- transitions ----

    /** It said BOOTED: a booting worker now serves. Returns whether it was booting. */
    boolean booted(long now) {
        if (state != State.BOOTING) {
            return false;
        }
        state = State.READY;
        bootedNanos = now;
        return true;
    }

    /** It said why it cannot boot. */
    void failed(String reason) {
        failure = reason;
    }

    /** It used up its request budget and asks to be replaced. */
    void retire() {
        retireRequested = true;
    }

    /** The master sent it TERM, INT or KILL; the first of them starts the grace period. */
    void stopSent(long now) {
        if (state != State.STOPPING) {
            state = State.STOPPING;
            stopSentNanos = now;
        }
    }

    /** The master found it silent and sent ABORT and SIGQUIT. */
    void aborted(long now) {
        aborted = true;
        abortedNanos = now;
    }

    /** The master sent it SIGKILL. */
    void killed(RosterAction.Why why) {
        if (!killed) {
            killed = true;
            killedFor = why;
        }
    }

    /** It exited. */
    void exited(ExitCause cause) {
        exitCause = cause;
    }

    /** The master read its heartbeat: a new value means it is alive now. */
    void beat(long value, long now) {
        if (value != lastBeat) {
            lastBeat = value;
            lastBeatChangeNanos = now;
        }
    }

    /** Returns the nanoseconds since its heartbeat last changed. */
    long silenceNanos(long now) {
        return now - lastBeatChangeNanos;
    }

    @Override
    public String toString() {
        return "worker " + pid() + " (age " + age() + ", generation " + generation + ", " + state + ")";
    }
}
