package io.loomicorn.master;

import io.loomicorn.worker.AppClassPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

class AppClassPathTest {

    @TempDir
    Path dir;

    @Test
    void aWildcardTakesTheJarsDirectlyInItsDirectoryInNameOrder() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("b.jar"), "b");
        Files.writeString(lib.resolve("a.JAR"), "a");
        Files.writeString(lib.resolve("notes.txt"), "n");
        Files.createDirectories(lib.resolve("sub.jar"));
        Files.writeString(Files.createDirectories(lib.resolve("nested")).resolve("c.jar"), "c");
        Path classes = dir.resolve("classes");

        assertThat(AppClassPath.expand(List.of(classes.toString(), lib + "/*")))
                .containsExactly(classes, lib.resolve("a.JAR"), lib.resolve("b.jar"));
    }

    @Test
    void aWildcardOfAMissingDirectoryTakesNothing() {
        assertThat(AppClassPath.expand(List.of(dir.resolve("missing") + "/*"))).isEmpty();
    }

    @Test
    void theReloaderSeesAJarChangeAppearOrGoUnderAWildcard() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("app.jar"), "v1");
        CodeWatcher watcher = new CodeWatcher(List.of(lib + "/*"), List.of(), new ConcurrentLinkedQueue<>());
        var first = watcher.scan();
        assertThat(first).containsOnlyKeys(lib.resolve("app.jar"));

        Files.writeString(lib.resolve("app.jar"), "v2 is longer");
        assertThat(watcher.scan()).isNotEqualTo(first);
        Files.writeString(lib.resolve("dependency.jar"), "new");
        assertThat(watcher.scan()).containsOnlyKeys(lib.resolve("app.jar"), lib.resolve("dependency.jar"));
        Files.delete(lib.resolve("dependency.jar"));
        Files.delete(lib.resolve("app.jar"));
        assertThat(watcher.scan()).isEmpty();
    }
}
