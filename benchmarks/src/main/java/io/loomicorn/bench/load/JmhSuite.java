package io.loomicorn.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Runs the JMH suite of the shaded {@code benchmarks.jar} (the parser and writer
 * benchmarks) in its own JVM, with JSON results written next to the load results:
 * {@code jmh.json}, and the console output in {@code jmh.txt}.
 */
final class JmhSuite {

    private JmhSuite() {
    }

    /**
     * Runs JMH.
     *
     * @param java    the {@code java} executable
     * @param jar     {@code benchmarks/target/benchmarks.jar}
     * @param out     the results directory
     * @param options JMH options, e.g. {@code -f 1 -wi 3}
     * @param console where the output is echoed
     * @return JMH's exit status
     * @throws IOException if JMH cannot start
     * @throws InterruptedException if interrupted; JMH is stopped
     */
    static int run(Path java, Path jar, Path out, List<String> options, PrintStream console)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no " + jar + "; build it with ./mvnw -pl benchmarks -am package (benchmarks/run does)");
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            if (j.getEntry("META-INF/BenchmarkList") == null) {
                console.println("JMH: " + jar + " holds no JMH benchmarks (no META-INF/BenchmarkList)");
                return 1;
            }
        }
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
        cmd.addAll(options);
        cmd.addAll(List.of("-rf", "json", "-rff", out.resolve("jmh.json").toString()));
        console.println("JMH: " + String.join(" ", cmd));
        Process p = ChildProcesses.get().track(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer txt = Files.newBufferedWriter(out.resolve("jmh.txt"))) {
            for (String line; (line = in.readLine()) != null; ) {
                console.println(line);
                txt.write(line);
                txt.write('\n');
            }
            return p.waitFor();
        } finally {
            if (p.isAlive()) {
                ChildProcesses.get().stop(p.toHandle(), Duration.ofSeconds(2));
            }
        }
    }
}
