package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsDocTest {

    @Test
    void saysItIsGenerated() {
        assertThat(SettingsDoc.render()).contains("Generated from io.loomicorn.config.Settings — do not edit");
    }

    @Test
    void listsEverySettingUnderItsSectionInOrder() {
        String md = SettingsDoc.render();
        int previous = 0;
        Section section = null;
        for (Setting<?> setting : Settings.all()) {
            if (setting.section() != section) {
                section = setting.section();
                int at = md.indexOf("\n## " + section.title() + "\n");
                assertThat(at).as(section.title()).isGreaterThan(previous);
                previous = at;
            }
            int at = md.indexOf("\n### " + setting.name() + "\n");
            assertThat(at).as(setting.name()).isGreaterThan(previous);
            previous = at;
            String block = md.substring(at, Math.max(md.indexOf("\n### ", at + 1), md.indexOf("\n## ", at + 1)) < 0
                    ? md.length() : nextHeading(md, at));
            assertThat(block).contains("| HOCON key | `" + setting.hoconKey() + "` |");
            assertThat(block).contains("| Type | ");
            assertThat(block).contains("| Default | ");
            for (String flag : setting.flags()) {
                assertThat(block).contains("`" + flag);
            }
            assertThat(block).contains(setting.description());
        }
        assertThat(md).contains("There are " + Settings.all().size() + " settings.");
    }

    private static int nextHeading(String md, int from) {
        int h3 = md.indexOf("\n### ", from + 1);
        int h2 = md.indexOf("\n## ", from + 1);
        if (h3 < 0) {
            return h2 < 0 ? md.length() : h2;
        }
        return h2 < 0 ? h3 : Math.min(h2, h3);
    }

    @Test
    void writesTheFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out/settings.md");
        assertThat(SettingsDoc.write(target)).isEqualTo(target.toAbsolutePath().normalize());
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(SettingsDoc.render());
    }

    @Test
    void findsTheRepositoryRootFromBelow() {
        Path root = SettingsDoc.repositoryRoot(Path.of(""));
        assertThat(root.resolve("mvnw")).isRegularFile();
        assertThat(SettingsDoc.repositoryRoot(root.resolve("server/src"))).isEqualTo(root);
    }
}
