package io.loomicorn.spi;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.WorkerInfo;

import java.util.List;

/**
 * What a worker process gives its {@link Worker}: the inherited listeners, the loaded
 * application, the settings, and the lines back to the master.
 *
 * <p>Implemented by Loomicorn; worker classes only call it. All methods are
 * thread-safe.
 */
public interface WorkerContext {

    /** Returns the listeners inherited from the master, in {@code bind} order. */
    List<Listener> listeners();

    /** Returns the application, loaded and initialised. */
    App app();

    /** Returns the resolved settings; see {@code io.loomicorn.config.Settings} for the keys. */
    Config config();

    /** Returns the user's hooks, or no-op hooks when none are configured. */
    Hooks hooks();

    /** Returns this worker's identity, as hooks see it. */
    WorkerInfo info();

    /**
     * Tells the master that this worker is alive. Cheap enough to call on every loop
     * iteration: it writes one timestamp to shared memory.
     */
    void heartbeat();

    /**
     * Counts one finished request toward {@code max_requests}. When the budget is used
     * up, Loomicorn asks the master for a replacement and this worker receives a
     * graceful {@link Worker#shutdown} once the replacement is ready; meanwhile it keeps
     * serving.
     */
    void requestCompleted();

    /**
     * Tells whether shutdown has begun: engines then answer with
     * {@code Connection: close} and stop reading further requests.
     */
    boolean isDraining();
}
