package io.loomicorn.master;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a JVM started with the master's options ({@code master.jvm}, then the required ones) makes of them. */
class MasterJvmOptionsTest {

    @Test
    void theMasterGivesUpCompilationsThatNeedMoreThanTwoMibAndTrimsItsNativeHeap() throws Exception {
        assertThat(options("CompileCommand", "TrimNativeHeapInterval")).containsExactly(
                "CompileCommand=quiet;MemLimit,*.*,2M VM_CREATION", "TrimNativeHeapInterval=1000 VM_CREATION");
    }

    private static List<String> options(String... names) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(MasterCommand.flags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintVmOptions.class.getName()));
        cmd.addAll(List.of(names));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
