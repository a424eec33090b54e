package io.loomicorn.internal;

import io.loomicorn.master.MasterCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JvmFlagsTest {

    @Test
    void theTestJvmGotTheRequiredOptionsFromTheArgumentFile() {
        // surefire's argLine is "@.../required.jvm": this JVM was started with that very file.
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(JvmFlags.required());
        assertThat(JvmFlags.required()).isNotEmpty().allMatch(o -> o.startsWith("--"));
    }

    @Test
    void theJavaLauncherReadsTheArgumentFilesAsThisReaderDoes(@TempDir Path dir) throws Exception {
        Path required = copy(JvmFlags.class, "required.jvm", dir);
        Path master = copy(MasterCommand.class, "master.jvm", dir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + master, "@" + required, "-cp", System.getProperty("java.class.path"),
                PrintInputArguments.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().toList()).as(out).containsSubsequence(MasterCommand.flags());
    }

    @Test
    void acceptsOnlyOneOptionPerLineWithCommentsOnTheirOwnLines() {
        assertThat(JvmFlags.parse("# a comment\n\n  -Xms8m  \n-XX:+UseSerialGC\n", "t.jvm"))
                .containsExactly("-Xms8m", "-XX:+UseSerialGC");
        for (String bad : List.of("-Xms8m -Xmx1g", "-Dx=\"a b\"", "-Xms8m # trailing", "@other.jvm")) {
            assertThatThrownBy(() -> JvmFlags.parse(bad, "t.jvm")).as(bad)
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("t.jvm:1: one option per line");
        }
    }

    private static Path copy(Class<?> anchor, String name, Path dir) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Path file = dir.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    /** Prints the JVM's input arguments, one a line: what the launcher made of the argument files. */
    public static final class PrintInputArguments {
        public static void main(String[] args) {
            ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(System.out::println);
        }
    }
}
