package io.loomicorn.spi;

import io.loomicorn.config.Config;

import java.net.SocketAddress;
import java.util.List;

/**
 * Makes workers of one worker class: the service that {@link java.util.ServiceLoader}
 * finds and that {@code -k NAME} selects.
 *
 * <p>A worker class ships as a jar that holds an implementation of this interface and
 * names it in {@code META-INF/services/io.loomicorn.spi.WorkerFactory}. An
 * implementation must be stateless and have a public no-argument constructor, which
 * {@code ServiceLoader} requires. {@code -k NAME} matches {@link #name()};
 * {@code -k com.acme.MyWorkerFactory} loads that class by name instead.
 *
 * <p>The master calls {@link #validate} before it spawns anything; each worker JVM then
 * calls {@link #create} once and runs the returned {@link Worker}.
 */
public interface WorkerFactory {

    /**
     * Returns the short name users type after {@code -k}, e.g. {@code sync}. Names are
     * lower case and stable across releases.
     */
    String name();

    /** Returns one line that describes the worker class, shown when listing classes. */
    default String description() {
        return "";
    }

    /**
     * Refuses a configuration this worker class cannot serve, before any worker starts.
     *
     * @param listeners the addresses the master bound (TCP {@link java.net.InetSocketAddress}
     *                  or {@link java.net.UnixDomainSocketAddress})
     * @param config    the resolved settings
     * @throws IllegalArgumentException with a one-line reason that tells the user what to
     *                                  do instead
     */
    default void validate(List<SocketAddress> listeners, Config config) {
    }

    /**
     * Creates the worker of this process.
     *
     * @param context the listeners, the application, the settings and the heartbeat
     * @return a worker, not yet running
     * @throws Exception if the worker cannot be set up; the process then exits as a boot
     *                   failure
     */
    Worker create(WorkerContext context) throws Exception;
}
