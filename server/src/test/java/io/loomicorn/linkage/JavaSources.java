package io.loomicorn.linkage;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Compiles the small applications and libraries that the linkage tests check. */
final class JavaSources {

    private final Path work;

    JavaSources(Path work) {
        this.work = work;
    }

    /** Compiles {@code package p; ... class|interface|record|@interface Name ...} sources into a new folder. */
    Path compile(String folder, List<Path> classPath, String... sources) throws IOException {
        Path out = Files.createDirectories(work.resolve(folder));
        Path src = Files.createTempDirectory(work, "src");
        List<String> cp = new ArrayList<>(List.of(out.toString()));
        classPath.forEach(p -> cp.add(p.toString()));
        List<String> args = new ArrayList<>(List.of("--release", "25", "-proc:none", "-cp",
                String.join(File.pathSeparator, cp), "-d", out.toString()));
        for (String source : sources) {
            String pkg = source.substring("package ".length(), source.indexOf(';'));
            String name = source.replaceAll("(?s).*?(?:class|interface|record|@interface) (\\w+).*", "$1");
            Path file = src.resolve(pkg.replace('.', '/')).resolve(name + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        return out;
    }

    /** Packs a class folder into a jar. */
    static Path jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        return jar;
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
