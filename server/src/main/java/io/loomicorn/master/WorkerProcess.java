package io.loomicorn.master;

import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.worker.ControlChannel;
import io.loomicorn.worker.Heartbeat;

/**
 * The master's handle on one worker JVM: its process, control channel, heartbeat and
 * where it is in its life. Only the arbiter thread changes it.
 */
final class WorkerProcess {

    /** Where a worker is in its life. */
    enum State {
        /** Started; has not said BOOTED yet. */
        BOOTING,
        /** Serving. */
        READY,
        /** Sent TERM or INT; draining. */
        STOPPING
    }

    final Process process;
    final WorkerInfo info;
    final int generation;
    final ControlChannel control;
    final Heartbeat heartbeat;
    final long spawnedNanos;

    State state = State.BOOTING;
    boolean retireRequested;
    String failure;
    long lastBeat;
    long lastBeatChangeNanos;
    long stopSentNanos;
    long abortedNanos;
    boolean aborted;
    boolean killed;

    WorkerProcess(Process process, WorkerInfo info, int generation, ControlChannel control, Heartbeat heartbeat) {
        this.process = process;
        this.info = info;
        this.generation = generation;
        this.control = control;
        this.heartbeat = heartbeat;
        this.spawnedNanos = System.nanoTime();
        this.lastBeat = heartbeat.read();
        this.lastBeatChangeNanos = spawnedNanos;
    }

    long pid() {
        return process.pid();
    }

    /** Reads the heartbeat; returns the nanoseconds since it last changed. */
    long silenceNanos(long now) {
        long beat = heartbeat.read();
        if (beat != lastBeat) {
            lastBeat = beat;
            lastBeatChangeNanos = now;
        }
        return now - lastBeatChangeNanos;
    }

    @Override
    public String toString() {
        return "worker " + pid() + " (age " + info.age() + ", generation " + generation + ", " + state + ")";
    }
}
