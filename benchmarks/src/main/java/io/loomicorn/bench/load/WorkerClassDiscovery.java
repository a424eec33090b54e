package io.loomicorn.bench.load;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the worker classes a Loomicorn distribution offers, the way {@code -k} finds
 * them: {@code ServiceLoader} over the jars of its {@code lib} directory, in a class
 * loader of their own (so the runner's class path does not matter).
 */
public final class WorkerClassDiscovery {

    /** The built-in classes, in the order the report shows them. */
    private static final List<String> PREFERRED = List.of("sync", "vthread", "reactor");

    private WorkerClassDiscovery() {
    }

    /**
     * Returns the {@code -k} names of the worker classes in a distribution.
     *
     * @param lib the distribution's {@code lib} directory
     * @return the names: sync, vthread, reactor first (those present), then others by name
     * @throws IOException if the directory cannot be read or the discovery fails
     */
    public static List<String> find(Path lib) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        List<String> names = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> finder = Class.forName("io.loomicorn.worker.WorkerClasses", true, loader);
            Method name = Class.forName("io.loomicorn.spi.WorkerFactory", true, loader).getMethod("name");
            List<?> factories = (List<?>) finder.getMethod("available", ClassLoader.class).invoke(null, loader);
            for (Object f : factories) {
                names.add((String) name.invoke(f));
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IOException("cannot list the worker classes in " + lib + ": " + e, e);
        }
        names.sort(Comparator.comparingInt((String n) -> {
            int i = PREFERRED.indexOf(n);
            return i < 0 ? PREFERRED.size() : i;
        }).thenComparing(Comparator.naturalOrder()));
        return names;
    }
}
