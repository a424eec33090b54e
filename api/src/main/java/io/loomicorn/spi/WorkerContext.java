package io.loomicorn.spi;

import io.loomicorn.app.SettingsView;
import io.loomicorn.hooks.WorkerInfo;

import java.util.List;

/**
 * What a worker process gives its {@link Worker}: the inherited listeners, the settings,
 * the heartbeat and the engine. Implemented by Loomicorn; worker classes only call it. All
 * methods are thread-safe.
 */
public interface WorkerContext {

    /** Returns the listeners inherited from the master, in {@code bind} order. */
    List<Listener> listeners();

    /**
     * Returns the resolved settings, built-in ones and those declared by worker classes
     * ({@link WorkerSetting#get} reads the latter with their type).
     */
    SettingsView settings();

    /** Returns this worker's identity, as hooks see it. */
    WorkerInfo info();

    /**
     * Tells the master that this worker is alive. Cheap enough to call on every loop
     * iteration: it writes one timestamp to shared memory. {@link WorkerBase} calls it at
     * the right cadence; a worker class that does not extend it must call it at least
     * every {@code timeout / 2} seconds while healthy.
     */
    void heartbeat();

    /**
     * Asks the master to replace this worker: it spawns a new one and, once that one
     * serves, shuts this one down gracefully; until then this worker keeps serving. The
     * engine already does this when {@code max_requests} is reached; a worker class may
     * do it when its own state is suspect. Idempotent.
     *
     * @param reason one line for the error log
     */
    void retire(String reason);

    /**
     * Returns the engine of this process, created on the first call. The engine counts
     * every request toward {@code max_requests} itself: a worker class never does.
     *
     * @param options how the worker class drives connections
     * @return the engine
     * @throws IllegalStateException if called again with other options
     */
    Engine engine(EngineOptions options);
}
