package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The example worker classes of {@code docs/writing-a-worker.md}, built the way a third party
 * builds one: the page's Java sources compiled against the {@code loomicorn-api} jar alone,
 * with a {@code META-INF/services} entry. Built once per test JVM.
 */
final class PluginJars {

    private static Path pool;
    private static Path nio;

    private PluginJars() {
    }

    /** The {@code -k pool} jar: a blocking pool of platform threads. */
    static synchronized Path pool() {
        if (pool == null) {
            pool = build("com.example.pool", "com.example.pool.PoolWorkerFactory");
        }
        return pool;
    }

    /** The {@code -k nio} jar: a non-blocking class on java.nio selectors. */
    static synchronized Path nio() {
        if (nio == null) {
            nio = build("com.example.nio", "com.example.nio.NioWorkerFactory");
        }
        return nio;
    }

    /** The API jar of the distribution: the only thing a worker class compiles against. */
    static Path apiJar() {
        String cp = LoomicornProcess.classPath();
        Path lib = Path.of(cp.endsWith("/*") ? cp.substring(0, cp.length() - 2) : cp);
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("loomicorn-api-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no loomicorn-api jar in " + lib));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path build(String pkg, String factory) {
        try {
            Path work = Files.createTempDirectory("loomicorn-plugin-");
            Path guide = Path.of(System.getProperty("loomicorn.projectRoot", "..")).resolve("docs/writing-a-worker.md");
            Matcher m = Pattern.compile("```java\n(package " + Pattern.quote(pkg) + ";.*?)```", Pattern.DOTALL)
                    .matcher(Files.readString(guide));
            List<String> sources = new ArrayList<>();
            while (m.find()) {
                String code = m.group(1);
                Matcher type = Pattern.compile("\n(?:public )?(?:final )?(?:class|interface|record) (\\w+)").matcher(code);
                if (!type.find()) {
                    throw new AssertionError("a " + pkg + " block of the guide declares no type");
                }
                Path src = work.resolve("src/" + pkg.replace('.', '/') + "/" + type.group(1) + ".java");
                Files.createDirectories(src.getParent());
                Files.writeString(src, code);
                sources.add(src.toString());
            }
            if (sources.isEmpty()) {
                throw new AssertionError("the guide has no " + pkg + " example");
            }
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("--release", "25", "-proc:none", "-Xlint:all", "-Werror",
                    "-cp", apiJar().toString(), "-d", classes.toString()));
            args.addAll(sources);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
            if (rc != 0) {
                throw new AssertionError("the " + pkg + " example does not compile against loomicorn-api alone:\n"
                        + errors.toString(StandardCharsets.UTF_8));
            }
            Path jar = work.resolve(pkg.substring(pkg.lastIndexOf('.') + 1) + "-worker.jar");
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(p).toString()));
                    out.write(Files.readAllBytes(p));
                    out.closeEntry();
                }
                out.putNextEntry(new JarEntry("META-INF/services/io.loomicorn.spi.WorkerFactory"));
                out.write((factory + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
