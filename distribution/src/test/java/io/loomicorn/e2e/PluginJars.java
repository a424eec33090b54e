package io.loomicorn.e2e;

import java.util.Map;
import io.loomicorn.testing.Javac;
import io.loomicorn.testing.LoomicornProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                sources.add(m.group(1));
            }
            if (sources.isEmpty()) {
                throw new AssertionError("the guide has no " + pkg + " example");
            }
            // -Werror: the guide's example compiles cleanly against loomicorn-api alone.
            Path classes = Javac.compile(work.resolve("classes"), List.of(apiJar().toString()),
                    List.of("-Xlint:all", "-Werror"), sources.toArray(String[]::new));
            return Javac.jar(work.resolve(pkg.substring(pkg.lastIndexOf('.') + 1) + "-worker.jar"), classes,
                    Map.of("META-INF/services/io.loomicorn.spi.WorkerFactory", factory + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
