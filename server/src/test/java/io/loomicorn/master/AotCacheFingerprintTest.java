package io.loomicorn.master;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AotCacheFingerprintTest {

    @Test
    void theSameJarsAndOptionsGiveTheSameNameAndAnyChangeAnother(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
        List<String> flags = List.of("-XX:+UseSerialGC", "-Xms8m");

        String name = AotCache.fingerprint(flags, List.of(jar));
        assertThat(name).matches("[0-9a-f]{16}");
        assertThat(AotCache.fingerprint(List.copyOf(flags), List.of(dir.resolve("app.jar")))).isEqualTo(name);

        assertThat(AotCache.fingerprint(List.of("-XX:+UseSerialGC", "-Xms16m"), List.of(jar))).isNotEqualTo(name);
        // Two options that concatenate to the same text are still two different lists.
        assertThat(AotCache.fingerprint(List.of("-XX:+UseSerialGC-Xms8m"), List.of(jar))).isNotEqualTo(name);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_001_000L));
        String touched = AotCache.fingerprint(flags, List.of(jar));
        assertThat(touched).isNotEqualTo(name);

        Files.write(jar, new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_001_000L));
        assertThat(AotCache.fingerprint(flags, List.of(jar))).isNotEqualTo(touched);
        assertThat(AotCache.fingerprint(flags, List.of(dir.resolve("missing.jar")))).isNotEqualTo(name);
    }
}
