package io.loomicorn.master;

import io.loomicorn.config.SettingsDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a JVM started with the master's options ({@code master.jvm}, then the required ones) makes of them. */
class MasterJvmOptionsTest {

    private static final Path SOURCE = SettingsDoc.repositoryRoot(Path.of(""))
            .resolve("server/src/test/java/io/loomicorn/master/PrintVmOptions.java");

    @Test
    void theMasterGivesUpCompilationsThatNeedMoreThanTwoMibAndTrimsItsNativeHeap() throws Exception {
        assertThat(options(List.of(), "CompileCommand", "TrimNativeHeapInterval")).containsExactly(
                "CompileCommand=quiet;MemLimit,*.*,2M VM_CREATION", "TrimNativeHeapInterval=1000 VM_CREATION");
    }

    @Test
    void theMastersYoungGenerationIsOneMib() throws Exception {
        assertThat(options(List.of(), "MaxNewSize")).containsExactly("MaxNewSize=1048576 VM_CREATION");
    }

    @Test
    void theMasterNeitherRecordsNorReplaysMethodProfiles(@TempDir Path dir) throws Exception {
        // A training run, as the launcher's: without the option the JVM records profiles (true,
        // ERGONOMIC). Its last line says it wrote the configuration.
        assertThat(options(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + dir.resolve("master.aotconf")),
                "AOTRecordTraining")).first().isEqualTo("AOTRecordTraining=false VM_CREATION");
        // The JVM sets replay only where a cache holds profiles.
        assertThat(MasterCommand.flags()).contains("-XX:-AOTReplayTraining");
    }

    /** The named options of a JVM started with the master's options, then {@code more}. */
    private static List<String> options(List<String> more, String... names) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(MasterCommand.flags());
        cmd.addAll(more);
        // The source file, not the class path: a recording JVM refuses to write a cache for a
        // class path with directories in it.
        cmd.add(SOURCE.toString());
        cmd.addAll(List.of(names));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
