package io.loomicorn.worker;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The application's class path as the JVM's launcher reads {@code -cp}: directories and
 * jars, and {@code dir/*} for every jar in a directory.
 */
public final class ApplicationClassPath {

    private ApplicationClassPath() {
    }

    /**
     * Expands the entries: {@code dir/*} becomes the jars of {@code dir}, in name order;
     * other entries stay as they are.
     *
     * @param entries the {@code classpath} setting
     * @return the paths
     */
    public static List<Path> expand(List<String> entries) {
        List<Path> paths = new ArrayList<>();
        for (String entry : entries) {
            if (entry.endsWith("/*") || entry.equals("*")) {
                Path dir = Path.of(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2));
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> {
                        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                        return name.endsWith(".jar") && Files.isRegularFile(p);
                    }).sorted().forEach(paths::add);
                } catch (IOException e) {
                    // a missing directory adds nothing, as with the launcher
                }
            } else {
                paths.add(Path.of(entry));
            }
        }
        return paths;
    }

    /**
     * Returns a class loader over the entries, on top of {@code parent}; {@code parent}
     * itself when there are none.
     *
     * @param entries the {@code classpath} setting
     * @param parent  Loomicorn's own class loader
     * @return the loader
     */
    public static ClassLoader loader(List<String> entries, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (Path p : expand(entries)) {
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                // not a path a class can come from
            }
        }
        return urls.isEmpty() ? parent : new URLClassLoader("loomicorn-app", urls.toArray(URL[]::new), parent);
    }
}
