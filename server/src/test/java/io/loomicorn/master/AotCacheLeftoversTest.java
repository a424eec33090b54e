package io.loomicorn.master;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Temporary files of AOT trainings whose master died are removed; live ones and others stay. */
class AotCacheLeftoversTest {

    @Test
    void removesOnlyTheTemporaryFilesOfDeadTrainings(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("loomicorn-aot-abc.aot");
        long live = ProcessHandle.current().pid();
        long dead = deadPid();
        Path deadTmp = Files.createFile(dir.resolve("loomicorn-aot-abc.aot." + dead + ".tmp"));
        Path deadConfig = Files.createFile(dir.resolve("loomicorn-aot-abc.aot." + dead + ".tmp.config"));
        Path liveTmp = Files.createFile(dir.resolve("loomicorn-aot-abc.aot." + live + ".tmp"));
        Path otherCache = Files.createFile(dir.resolve("loomicorn-aot-def.aot." + dead + ".tmp"));
        Path finished = Files.createFile(cache);

        AotCache.deleteLeftovers(cache);

        assertThat(deadTmp).doesNotExist();
        assertThat(deadConfig).doesNotExist();
        assertThat(liveTmp).exists();
        assertThat(otherCache).as("another cache's files are its own master's business").exists();
        assertThat(finished).exists();
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
