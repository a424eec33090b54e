package io.loomicorn.master;

import io.loomicorn.config.SettingsDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's choice between its two master AOT caches: {@code master-config.aot} when the
 * master will read a config file, {@code master.aot} otherwise (its function
 * {@code uses_config_file}, run by bash).
 */
class LauncherCacheCaseTest {

    private static final Path LAUNCHER = SettingsDoc.repositoryRoot(Path.of("")).resolve("loomicorn");

    @Test
    void aConfigFileNamedOnTheCommandLineOrInTheEnvironmentOrPresentIsSeen(@TempDir Path cwd) throws Exception {
        assertThat(usesConfigFile(cwd, Map.of(), "-w", "2", "app.Main")).isFalse();
        assertThat(usesConfigFile(cwd, Map.of(), "--check-config", "--certfile", "c.pem", "app.Main")).isFalse();
        assertThat(usesConfigFile(cwd, Map.of(), "-c", "my.conf", "app.Main")).isTrue();
        assertThat(usesConfigFile(cwd, Map.of(), "-cmy.conf", "app.Main")).isTrue();
        assertThat(usesConfigFile(cwd, Map.of(), "--config", "my.conf", "app.Main")).isTrue();
        assertThat(usesConfigFile(cwd, Map.of(), "--config=my.conf", "app.Main")).isTrue();
        assertThat(usesConfigFile(cwd, Map.of("LOOMICORN_CMD_ARGS", "-w 3 -c /etc/l.conf"), "app.Main")).isTrue();
        Files.writeString(cwd.resolve("loomicorn.conf"), "workers = 2\n");
        assertThat(usesConfigFile(cwd, Map.of(), "app.Main")).isTrue();
    }

    private static boolean usesConfigFile(Path cwd, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        String function = "eval \"$(sed -n '/^uses_config_file() {/,/^}/p' '" + LAUNCHER + "')\"; uses_config_file \"$@\"";
        List<String> command = new ArrayList<>(List.of("bash", "-c", function, "launcher"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().remove("LOOMICORN_CMD_ARGS");
        builder.environment().putAll(env);
        Process bash = builder.start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("the function's output").isEmpty();
        return bash.exitValue() == 0;
    }
}
