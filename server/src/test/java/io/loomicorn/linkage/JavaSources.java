package io.loomicorn.linkage;

import io.loomicorn.testing.Javac;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Compiles the small applications and libraries that the linkage tests check. */
final class JavaSources {

    private final Path work;

    JavaSources(Path work) {
        this.work = work;
    }

    /** Compiles {@code package p; ... class|interface|record|@interface Name ...} sources into a new folder. */
    Path compile(String folder, List<Path> classPath, String... sources) throws IOException {
        return Javac.compile(work.resolve(folder), classPath.stream().map(Path::toString).toList(), List.of(), sources);
    }

    /** Packs a class folder into a jar. */
    static Path jar(Path classes, Path jar) throws IOException {
        return Javac.jar(jar, classes, Map.of());
    }

    /** A class loader over these entries on top of the JDK, as a worker's class path would be. */
    static URLClassLoader loader(Path... entries) {
        URL[] urls = Stream.of(entries).map(p -> {
            try {
                return p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }).toArray(URL[]::new);
        return new URLClassLoader("app", urls, ClassLoader.getPlatformClassLoader());
    }
}
