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
 * The one rule for reading the {@code classpath} setting, wherever it is read (the master's
 * hooks, worker classes and preload, the worker's {@code -cp}, the code watcher, the AOT
 * cache's fingerprint, the settings of worker classes on that class path):
 * each entry is a jar or a class folder, and {@code DIR/*} stands for the jars in
 * {@code DIR} as the {@code java} launcher expands it (files named {@code *.jar} or
 * {@code *.JAR} directly in {@code DIR}), taken in name order and read again each time,
 * so that a jar dropped there is seen by the next reload, worker and scan.
 */
public final class AppClassPath {

    private AppClassPath() {
    }

    /** Returns whether an entry is a {@code DIR/*} wildcard. */
    public static boolean isWildcard(String entry) {
        return entry.equals("*") || entry.endsWith("/*");
    }

    /** Returns the directory of a {@code DIR/*} entry. */
    public static Path wildcardDirectory(String entry) {
        String dir = entry.substring(0, entry.length() - 1);
        return Path.of(dir.isEmpty() ? "." : dir);
    }

    /**
     * Expands the entries: {@code DIR/*} becomes the jars in {@code DIR} now (none if it
     * cannot be listed), other entries stay as they are.
     *
     * @param entries the setting's entries
     * @return the files and folders, in class path order
     */
    public static List<Path> expand(List<String> entries) {
        List<Path> paths = new ArrayList<>();
        for (String entry : entries) {
            if (isWildcard(entry)) {
                paths.addAll(jarsIn(wildcardDirectory(entry)));
            } else {
                paths.add(Path.of(entry));
            }
        }
        return paths;
    }

    /** The jars directly in a directory, by name; none if it cannot be listed. */
    public static List<Path> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")
                            || p.getFileName().toString().endsWith(".JAR"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Returns a class loader over the entries, on top of {@code parent}; {@code parent}
     * itself when there are none.
     *
     * @param entries the setting's entries
     * @param parent  Loomicorn's own class loader
     * @return the loader
     * @throws IllegalArgumentException with one line when an entry is not a usable path
     */
    public static ClassLoader loader(List<String> entries, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (Path entry : expand(entries)) {
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("Error: invalid classpath entry '" + entry + "'");
            }
        }
        return urls.isEmpty() ? parent : new URLClassLoader("loomicorn-app", urls.toArray(URL[]::new), parent);
    }
}
