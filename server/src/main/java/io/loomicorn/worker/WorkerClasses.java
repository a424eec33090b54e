package io.loomicorn.worker;

import io.loomicorn.config.ConfigLoader;
import io.loomicorn.config.Settings;
import io.loomicorn.spi.WorkerFactory;

import java.nio.file.Path;
import java.util.Map;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the worker class that {@code -k} names: a {@link WorkerFactory#name()} among
 * those {@link ServiceLoader} finds, or the fully qualified name of a
 * {@link WorkerFactory} implementation.
 */
public final class WorkerClasses {

    private WorkerClasses() {
    }

    /**
     * Returns the factories on the class path, sorted by name.
     *
     * @param loader the class loader to search
     * @return the factories
     */
    public static List<WorkerFactory> available(ClassLoader loader) {
        List<WorkerFactory> found = new ArrayList<>();
        for (ServiceLoader.Provider<WorkerFactory> p : ServiceLoader.load(WorkerFactory.class, loader)
                .stream().toList()) {
            found.add(p.get());
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return found;
    }

    /**
     * Registers the settings of every worker class that {@code loader} finds, so that they
     * can be read like built-in ones. The master does it before reading its settings (with
     * the class path that those settings will name), a worker before reading the settings
     * the master sent.
     *
     * @param loader the class loader to search
     * @throws IllegalArgumentException with one line when two declarations clash
     */
    public static void registerSettings(ClassLoader loader) {
        for (WorkerFactory factory : available(loader)) {
            Settings.registerWorkerSettings(factory.name(), factory.settings());
        }
    }

    /**
     * Registers the settings of the worker classes on the class path that the command
     * line, {@code LOOMICORN_CMD_ARGS} or the config file names, before the settings are
     * read ({@link ConfigLoader#prescanClasspath}).
     *
     * @param args the command-line arguments
     * @param env  the environment
     * @param cwd  the working directory
     * @throws IllegalArgumentException with one line when two declarations clash
     */
    public static void registerSettings(String[] args, Map<String, String> env, Path cwd) {
        List<String> classpath = ConfigLoader.prescanClasspath(args, env, cwd);
        registerSettings(AppClassPath.loader(classpath, WorkerClasses.class.getClassLoader()));
    }

    /**
     * Resolves {@code -k NAME}.
     *
     * @param name   a short name or a class name
     * @param loader the class loader to search
     * @return the factory
     * @throws IllegalArgumentException with one line that lists the available classes
     */
    public static WorkerFactory find(String name, ClassLoader loader) {
        List<WorkerFactory> available = available(loader);
        for (WorkerFactory f : available) {
            if (f.name().equals(name) || f.getClass().getName().equals(name)) {
                return f;
            }
        }
        if (name.contains(".")) {
            return byClassName(name, loader, available);
        }
        throw new IllegalArgumentException("Error: unknown worker class '" + name + "'; available: "
                + names(available) + " (or the class name of an " + WorkerFactory.class.getName() + ")");
    }

    private static WorkerFactory byClassName(String name, ClassLoader loader, List<WorkerFactory> available) {
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Error: worker class " + name + " was not found on the classpath;"
                    + " available: " + names(available));
        } catch (LinkageError e) {
            throw new IllegalArgumentException("Error: loading worker class " + name + " failed: " + e);
        }
        if (!WorkerFactory.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("Error: " + name + " does not implement " + WorkerFactory.class.getName());
        }
        try {
            return (WorkerFactory) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException("Error: cannot create worker class " + name + ": " + cause);
        }
    }

    private static String names(List<WorkerFactory> factories) {
        return factories.isEmpty() ? "none" : factories.stream().map(WorkerFactory::name).collect(Collectors.joining(", "));
    }
}
