package io.loomicorn.e2e;

import io.loomicorn.config.SettingsDoc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/settings.md} matches the registry, built-in worker classes' settings included:
 * checked here, where every built-in worker class is on the class path.
 */
class SettingsDocIT {

    @Test
    void committedDocsMatchTheRegistryAndTheBuiltInWorkerClasses() throws IOException {
        Path file = SettingsDoc.repositoryRoot(Path.of("")).resolve(SettingsDoc.PATH);
        assertThat(file).as("%s is missing; generate it with: %s", SettingsDoc.PATH, SettingsDoc.REGENERATE).exists();
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        String rendered = SettingsDoc.render();
        assertThat(rendered).contains("vthread_max_carriers");
        assertThat(committed)
                .as("%s is stale: it differs from the settings registry. Regenerate it, from the repository"
                        + " root, with: %s", SettingsDoc.PATH, SettingsDoc.REGENERATE)
                .isEqualTo(rendered);
    }
}
