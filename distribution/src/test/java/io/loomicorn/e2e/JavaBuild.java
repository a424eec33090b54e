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

/** Compiles Java sources written by a test into a class folder or a jar, against Loomicorn's jars. */
final class JavaBuild {

    private final Path work;

    /** @param work a scratch directory for sources */
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
        Files.createDirectories(out);
        Path src = Files.createTempDirectory(work, "src");
        List<String> cp = new ArrayList<>(loomicornJars());
        cp.add(out.toString());
        classPath.forEach(p -> cp.add(p.toString()));
        List<String> args = new ArrayList<>(List.of("--release", "25", "-proc:none", "-cp",
                String.join(File.pathSeparator, cp), "-d", out.toString()));
        for (String source : sources) {
            String pkg = source.substring("package ".length(), source.indexOf(';'));
            String name = source.replaceAll("(?s).*?(?:class|interface) (\\w+).*", "$1");
            Path file = src.resolve(pkg.replace('.', '/')).resolve(name + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    }

    /**
     * Compiles the sources and packs the classes into {@code jar}, which appears at once
     * (written beside it, then moved), as a deploy tool would place it.
     */
    void jar(Path jar, String... sources) throws IOException {
        Path classes = Files.createTempDirectory(work, "classes");
        compile(classes, List.of(), sources);
        Path tmp = Files.createTempFile(work, "jar", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        Files.createDirectories(jar.getParent());
        Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
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
