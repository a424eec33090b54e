package io.loomicorn.e2e;

import java.util.Map;
import io.loomicorn.testing.Javac;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Applications built during a test: compiled from source, and packed into jars, as a user's build would. */
final class TestApps {

    private TestApps() {
    }

    /** A {@code demo.Versioned} app that answers {@code body} to every request. */
    static String versioned(String body) {
        return "package demo;\n"
                + "public final class Versioned implements io.loomicorn.app.App {\n"
                + "    public void handle(io.loomicorn.app.Request q, io.loomicorn.app.Response r) throws java.io.IOException {\n"
                + "        r.send(\"" + body + "\");\n"
                + "    }\n"
                + "}\n";
    }

    /**
     * Compiles sources (each {@code package p; ... public final class C ...}) into a class folder.
     *
     * @param classes the output folder
     * @param sources the sources
     * @return {@code classes}
     */
    static Path compile(Path classes, String... sources) throws IOException {
        new JavaBuild(Files.createTempDirectory("loomicorn-src")).compile(classes, List.of(), sources);
        return classes;
    }

    /**
     * Packs the class files under {@code classes} whose path starts with one of
     * {@code prefixes} (e.g. {@code demo/}) into a jar, written atomically, as a build
     * replaces a jar.
     */
    static Path jar(Path jar, Path classes, String... prefixes) throws IOException {
        return Javac.jar(jar, classes, Map.of(), prefixes);
    }
}
