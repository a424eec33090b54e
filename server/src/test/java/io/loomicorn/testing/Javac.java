package io.loomicorn.testing;

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
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Java sources written by a test, compiled with the JDK's compiler into a class folder
 * and packed into jars, as an application's or a plugin's build would make them.
 */
public final class Javac {

    /** The first type a source declares: its name, followed by what can follow a declared name. */
    private static final Pattern DECLARED = Pattern.compile(
            "\\b(?:class|interface|record|enum|@interface)\\s+(\\w+)\\s*(?:[<{(]|extends\\b|implements\\b|permits\\b)");

    private Javac() {
    }

    /**
     * Compiles sources, each {@code package p; ... class Name ...} (or an interface,
     * record, enum or annotation), into {@code out}; fails with javac's messages.
     *
     * @param out       the class folder, created if needed
     * @param classPath what the sources compile against ({@code out} comes first)
     * @param options   further javac options (e.g. {@code -Xlint:all}, {@code -Werror})
     * @param sources   the sources
     * @return {@code out}
     */
    public static Path compile(Path out, List<String> classPath, List<String> options, String... sources)
            throws IOException {
        Files.createDirectories(out);
        Path src = Files.createTempDirectory("loomicorn-src-");
        List<String> cp = new ArrayList<>(List.of(out.toString()));
        cp.addAll(classPath);
        List<String> args = new ArrayList<>(List.of("--release", "25", "-proc:none", "-cp",
                String.join(File.pathSeparator, cp), "-d", out.toString()));
        args.addAll(options);
        for (String source : sources) {
            String pkg = source.substring("package ".length(), source.indexOf(';')).strip();
            Matcher m = DECLARED.matcher(source);
            if (!m.find()) {
                throw new AssertionError("a source declares no type:\n" + source);
            }
            Path file = src.resolve(pkg.replace('.', '/')).resolve(m.group(1) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (javac.run(null, errors, errors, args.toArray(String[]::new)) != 0) {
            throw new AssertionError("javac failed:\n" + errors.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * Packs the files under {@code classes} whose path starts with one of {@code prefixes}
     * (all of them when none is given), then {@code extra} entries, into {@code jar}, which
     * is written beside its place and moved there at once, as a deploy tool replaces a jar.
     *
     * @param jar      the jar to write
     * @param classes  the class folder
     * @param extra    further entries by name, e.g. a {@code META-INF/services} file
     * @param prefixes the paths to take, e.g. {@code demo/}
     * @return {@code jar}
     */
    public static Path jar(Path jar, Path classes, Map<String, String> extra, String... prefixes) throws IOException {
        Path dir = jar.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".building-", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (prefixes.length == 0 || Stream.of(prefixes).anyMatch(name::startsWith)) {
                    jos.putNextEntry(new JarEntry(name));
                    jos.write(Files.readAllBytes(f));
                    jos.closeEntry();
                }
            }
            for (Map.Entry<String, String> e : extra.entrySet()) {
                jos.putNextEntry(new JarEntry(e.getKey()));
                jos.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jos.closeEntry();
            }
        }
        return Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
