package io.loomicorn.hooks;

/**
 * The identity of one worker process, as the master and hooks see it.
 *
 * @param pid          the process id
 * @param age          the spawn counter of the master when this worker was made (oldest is lowest)
 * @param workerClass  the worker class name, e.g. {@code vthread}
 * @param maxRequests  this worker's request budget ({@code max_requests} plus jitter; 0 = none)
 */
public record WorkerInfo(long pid, int age, String workerClass, long maxRequests) {
}
