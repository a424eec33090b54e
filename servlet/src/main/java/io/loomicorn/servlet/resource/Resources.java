package io.loomicorn.servlet.resource;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The application's resources: {@code META-INF/resources/} on its class path, where
 * Servlet 6.1 §4.6 places the static resources of a web application's jars.
 */
public final class Resources {

    /** The directory of a jar or class path entry that holds static resources. */
    static final String ROOT = "META-INF/resources";

    private final ClassLoader loader;
    private final List<Path> classpath;

    /**
     * @param loader    the application's class loader
     * @param classpath the application's class path entries
     */
    public Resources(ClassLoader loader, List<Path> classpath) {
        this.loader = loader;
        this.classpath = classpath;
    }

    /**
     * Returns the URL of a resource ({@code ServletContext.getResource}).
     *
     * @param path a path starting with {@code /}
     * @return the URL, or null when there is no such resource or the path climbs out with {@code ..}
     * @throws MalformedURLException if the path does not start with {@code /}
     */
    public URL get(String path) throws MalformedURLException {
        if (path == null || !path.startsWith("/")) {
            throw new MalformedURLException("a resource path must start with '/': " + path);
        }
        if (path.contains("/../") || path.endsWith("/..")) {
            return null;
        }
        return loader.getResource(ROOT + path);
    }

    /** Opens a resource, or returns null ({@code ServletContext.getResourceAsStream}). */
    public InputStream open(String path) {
        try {
            URL url = get(path);
            return url == null ? null : url.openStream();
        } catch (IOException e) {
            return null;
        }
    }

    /** The entries directly below a directory, directories with a trailing slash; null if none. */
    public Set<String> list(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        String dir = path.endsWith("/") ? path : path + "/";
        Set<String> found = new TreeSet<>();
        for (Path entry : classpath) {
            try {
                if (Files.isDirectory(entry)) {
                    listDirectory(entry.resolve(ROOT + dir), dir, found);
                } else if (Files.isRegularFile(entry)) {
                    listJar(entry, dir, found);
                }
            } catch (IOException e) {
                // an unreadable entry holds no resources
            }
        }
        return found.isEmpty() ? null : found;
    }

    private static void listDirectory(Path d, String dir, Set<String> found) throws IOException {
        if (Files.isDirectory(d)) {
            try (var list = Files.list(d)) {
                list.forEach(p -> found.add(dir + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
            }
        }
    }

    private static void listJar(Path jarFile, String dir, Set<String> found) throws IOException {
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            String prefix = ROOT + dir;
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    String rest = name.substring(prefix.length());
                    int slash = rest.indexOf('/');
                    found.add(dir + (slash < 0 ? rest : rest.substring(0, slash + 1)));
                }
            }
        }
    }

    /** The file system path of a resource in a class directory; null for one in a jar. */
    public String realPath(String path) {
        try {
            URL url = get(path);
            return url != null && "file".equals(url.getProtocol()) ? Path.of(url.toURI()).toString() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
