package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrintConfigTest {

    private static final Pattern LINE = Pattern.compile("([a-z_]+) +=  ?(.*)  \\((.+)\\)");

    @TempDir
    Path dir;

    @Test
    void printsEverySettingOncePerLineInOrderWithItsOrigin() throws IOException {
        Files.writeString(dir.resolve("loomicorn.conf"), "backlog = 10\n");
        Config config = Loading.config(dir, Map.of("PORT", "5000", "LOOMICORN_CMD_ARGS", "--threads 2"),
                "-w", "3", "--print-config");
        List<String> lines = config.printConfig().lines().toList();
        assertThat(lines).hasSize(Settings.all().size());
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            assertThat(m.matches()).as(lines.get(i)).isTrue();
            Setting<?> setting = Settings.all().get(i);
            assertThat(m.group(1)).isEqualTo(setting.name());
            assertThat(m.group(3)).isEqualTo(config.origin(setting).describe());
        }
        String text = config.printConfig();
        assertThat(text).containsPattern("(?m)^workers +=  ?3  \\(command line\\)$");
        assertThat(text).containsPattern("(?m)^threads +=  ?2  \\(LOOMICORN_CMD_ARGS\\)$");
        assertThat(text).containsPattern("(?m)^backlog +=  ?10  \\(config file .*loomicorn.conf\\)$");
        assertThat(text).containsPattern("(?m)^bind +=  ?\\[\"0\\.0\\.0\\.0:5000\"\\]  \\(environment variable PORT\\)$");
        assertThat(text).containsPattern("(?m)^pidfile +=  ?null  \\(default\\)$");
        assertThat(text).containsPattern("(?m)^print_config +=  ?true  \\(command line\\)$");
    }

    @Test
    void valuesLineUp() {
        List<String> lines = Config.defaults().printConfig().lines().toList();
        int column = lines.getFirst().indexOf(" = ");
        assertThat(lines).allSatisfy(line -> assertThat(line.indexOf(" = ")).isEqualTo(column));
    }

    @Test
    void isStable() {
        assertThat(Config.defaults().printConfig()).isEqualTo(Config.defaults().printConfig());
    }
}
