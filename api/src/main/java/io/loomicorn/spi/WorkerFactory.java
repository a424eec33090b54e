package io.loomicorn.spi;

import io.loomicorn.app.SettingsView;

import java.net.SocketAddress;
import java.util.List;

/**
 * Makes workers of one worker class: the service that {@link java.util.ServiceLoader}
 * finds and that {@code -k NAME} selects.
 *
 * <p>A worker class ships as a jar that holds an implementation of this interface and
 * names it in {@code META-INF/services/io.loomicorn.spi.WorkerFactory}; it compiles
 * against {@code loomicorn-api} alone. An implementation must be stateless and have a
 * public no-argument constructor, which {@code ServiceLoader} requires. {@code -k NAME}
 * matches {@link #name()}; {@code -k com.acme.MyWorkerFactory} loads that class by name.
 *
 * <p>The master calls {@link #settings()}, {@link #validate} and {@link #workerJvmArgs}
 * before it spawns anything; each worker JVM then calls {@link #create} once and runs the
 * returned {@link Worker}.
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
     * Returns the settings this worker class adds to Loomicorn's: they are read from the
     * config file and the command line, validated, shown by {@code --help} and
     * {@code --print-config}, and documented with the built-in ones.
     */
    default List<WorkerSetting<?>> settings() {
        return List.of();
    }

    /**
     * Returns JVM options that every worker JVM of this class needs, e.g. system
     * properties that must be set before the application loads. They come after
     * Loomicorn's own options and before the user's {@code worker_jvm_args}, which win.
     *
     * @param settings the resolved settings
     * @return the options, e.g. {@code -Djdk.readPollers=1}
     */
    default List<String> workerJvmArgs(SettingsView settings) {
        return List.of();
    }

    /**
     * Refuses a configuration this worker class cannot serve, before any worker starts.
     *
     * @param listeners the addresses the master bound (TCP {@link java.net.InetSocketAddress}
     *                  or {@link java.net.UnixDomainSocketAddress})
     * @param settings  the resolved settings
     * @throws IllegalArgumentException with a one-line reason that tells the user what to
     *                                  do instead
     */
    default void validate(List<SocketAddress> listeners, SettingsView settings) {
    }

    /**
     * Creates the worker of this process.
     *
     * @param context the listeners, the settings, the heartbeat and the engine
     * @return a worker, not yet running
     * @throws Exception if the worker cannot be set up; the process then exits as a boot
     *                   failure
     */
    Worker create(WorkerContext context) throws Exception;
}
