package io.loomicorn.master;

import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.metrics.WorkerMetrics;
import io.loomicorn.worker.ControlChannel;
import io.loomicorn.worker.Heartbeat;

/**
 * The master's I/O handles on one started worker JVM: the process, the control channel
 * and the heartbeat memory. Where the worker is in its life is {@link WorkerProcess}'s
 * business; this record only reaches the process.
 *
 * @param process   the JVM
 * @param info      what hooks see: pid, age, worker class, request budget
 * @param control   the control channel (BOOTED, FAILED, RETIRE up; ABORT down)
 * @param heartbeat the shared heartbeat memory
 * @param metrics   the shared metrics memory (the same memory, after the heartbeat's page)
 */
record WorkerJvm(Process process, WorkerInfo info, ControlChannel control, Heartbeat heartbeat, WorkerMetrics metrics) {

    long pid() {
        return process.pid();
    }

    /** Releases the channel and the mapping once the process is gone. */
    void close() {
        control.close();
        heartbeat.close();
        metrics.close();
    }
}
