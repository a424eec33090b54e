package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

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
        Files.createDirectories(classes);
        Path src = Files.createTempDirectory("loomicorn-src");
        List<String> args = new ArrayList<>(List.of("--release", "25", "-proc:none", "-cp",
                loomicornJars() + File.pathSeparator + classes, "-d", classes.toString()));
        for (String source : sources) {
            String pkg = source.substring("package ".length(), source.indexOf(';'));
            String name = source.replaceAll("(?s).*public final class (\\w+).*", "$1");
            Path file = src.resolve(pkg.replace('.', '/')).resolve(name + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        return classes;
    }

    /**
     * Packs the class files under {@code classes} whose path starts with one of
     * {@code prefixes} (e.g. {@code demo/}) into a jar, written atomically, as a build
     * replaces a jar.
     */
    static Path jar(Path jar, Path classes, String... prefixes) throws IOException {
        Files.createDirectories(jar.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), ".building-", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (Stream.of(prefixes).anyMatch(name::startsWith)) {
                    jos.putNextEntry(new JarEntry(name));
                    jos.write(Files.readAllBytes(f));
                    jos.closeEntry();
                }
            }
        }
        return Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Loomicorn's jars, one by one, for javac. */
    static String loomicornJars() throws IOException {
        String cp = LoomicornProcess.classPath();
        if (!cp.endsWith("/*")) {
            return cp;
        }
        try (Stream<Path> jars = Files.list(Path.of(cp.substring(0, cp.length() - 2)))) {
            return String.join(File.pathSeparator, jars.map(Path::toString).toList());
        }
    }
}
