/**
 * The worker process: {@link io.loomicorn.worker.WorkerMain}, the entry point of each
 * child JVM, and its side of the master's protocol: the handshake that carries the
 * listeners and settings, the control channel and the heartbeat.
 */
package io.loomicorn.worker;
