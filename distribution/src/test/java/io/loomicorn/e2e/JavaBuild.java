package io.loomicorn.e2e;

import io.loomicorn.testing.Javac;
import io.loomicorn.testing.LoomicornProcess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Compiles Java sources written by a test into a class folder or a jar, against Loomicorn's jars. */
final class JavaBuild {

    private final Path work;

    /** @param work a scratch directory for class folders */
    JavaBuild(Path work) {
        this.work = work;
    }

    /**
     * Compiles each source ({@code package p; ... class Name ...}) into {@code out}.
     *
     * @param out       the class folder
     * @param classPath further class path entries to compile against
     * @param sources   the sources
     */
    void compile(Path out, List<Path> classPath, String... sources) throws IOException {
        List<String> cp = new ArrayList<>(loomicornJars());
        classPath.forEach(p -> cp.add(p.toString()));
        Javac.compile(out, cp, List.of(), sources);
    }

    /**
     * Compiles the sources and packs the classes into {@code jar}, which appears at once
     * (written beside it, then moved), as a deploy tool would place it.
     */
    void jar(Path jar, String... sources) throws IOException {
        Path classes = Files.createTempDirectory(work, "classes");
        compile(classes, List.of(), sources);
        Javac.jar(jar, classes, Map.of());
    }

    private static List<String> loomicornJars() throws IOException {
        String cp = LoomicornProcess.classPath();
        if (!cp.endsWith("/*")) {
            return List.of(cp.split(File.pathSeparator));
        }
        try (Stream<Path> jars = Files.list(Path.of(cp.substring(0, cp.length() - 2)))) {
            return jars.map(Path::toString).sorted().toList();
        }
    }
}
