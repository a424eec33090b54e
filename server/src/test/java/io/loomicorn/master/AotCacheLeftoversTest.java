package io.loomicorn.master;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Temporary files of AOT trainings whose master died are removed, live ones and others
 * stay; {@code auto} caches of other builds are pruned to the most recently used.
 */
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

    @Test
    void keepsTheMostRecentlyUsedCachesAndAnyUsedWithinADay(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        Path own = cache(dir, 0, now);
        List<Path> old = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            old.add(cache(dir, i, now.minus(Duration.ofDays(2)).minus(Duration.ofMinutes(i))));
        }
        Path fresh = cache(dir, 11, now.minus(Duration.ofHours(3)));
        Path userCache = Files.createFile(dir.resolve("my-app.aot"));
        Path training = Files.createFile(dir.resolve("loomicorn-aot-00000000000000aa.aot." + deadPid() + ".tmp"));
        setUsed(userCache, now.minus(Duration.ofDays(30)));

        AotCache.pruneOthers(own, now);

        // Seven others are kept besides its own: the fresh one, then the six most recently used old ones.
        assertThat(own).exists();
        assertThat(fresh).exists();
        assertThat(old.subList(0, AotCache.KEPT_CACHES - 2)).allMatch(Files::exists);
        assertThat(old.subList(AotCache.KEPT_CACHES - 2, old.size())).noneMatch(Files::exists);
        assertThat(userCache).as("a cache the user named is not ours").exists();
        assertThat(training).as("a training's file is deleteLeftovers' business").exists();
    }

    @Test
    void aCacheUsedWithinADayStaysHoweverManyThereAre(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        Path own = cache(dir, 0, now);
        List<Path> recent = new ArrayList<>();
        for (int i = 1; i <= 2 * AotCache.KEPT_CACHES; i++) {
            recent.add(cache(dir, i, now.minus(Duration.ofMinutes(10 * i))));
        }

        AotCache.pruneOthers(own, now);

        assertThat(recent).allMatch(Files::exists);
    }

    private static Path cache(Path dir, int n, Instant used) throws Exception {
        Path p = Files.createFile(dir.resolve("loomicorn-aot-%016x.aot".formatted(0xabc0000L + n)));
        setUsed(p, used);
        return p;
    }

    private static void setUsed(Path p, Instant used) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(used));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
