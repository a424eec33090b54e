package io.loomicorn.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One base for relative paths in settings: the directory Loomicorn was started in, whatever chdir says. */
class RelativePathsTest {

    @TempDir
    Path dir;

    @Test
    void relativePathsAreResolvedAgainstTheStartDirectoryEvenWithChdir() throws IOException {
        Files.createDirectories(dir.resolve("site"));
        Config config = Loading.config(dir, "--chdir", "site", "--classpath", "app:lib/*", "--error-logfile",
                "logs/error.log", "--access-logfile", "logs/access.log", "-p", "run/master.pid", "x.App");
        assertThat(config.get(Settings.CHDIR)).contains(dir.resolve("site").toString());
        assertThat(config.get(Settings.CLASSPATH)).containsExactly(dir.resolve("app").toString(),
                dir.resolve("lib").toString() + "/*");
        assertThat(config.get(Settings.ERRORLOG)).isEqualTo(dir.resolve("logs/error.log").toString());
        assertThat(config.get(Settings.ACCESSLOG)).contains(dir.resolve("logs/access.log").toString());
        assertThat(config.get(Settings.PIDFILE)).contains(dir.resolve("run/master.pid").toString());
    }

    @Test
    void theSameHoldsInTheConfigFileAndAbsolutePathsAndStandardStreamsStayAsTheyAre() throws IOException {
        Files.writeString(dir.resolve("loomicorn.conf"), """
                classpath = ["classes", "/opt/app/lib/*"]
                errorlog = "-"
                accesslog = "-"
                pidfile = "/run/app.pid"
                """);
        Config config = Loading.config(dir, Map.of(), "x.App");
        assertThat(config.get(Settings.CLASSPATH)).containsExactly(dir.resolve("classes").toString(), "/opt/app/lib/*");
        assertThat(config.get(Settings.ERRORLOG)).isEqualTo("-");
        assertThat(config.get(Settings.ACCESSLOG)).isEqualTo(Optional.of("-"));
        assertThat(config.get(Settings.PIDFILE)).contains("/run/app.pid");
    }

    @Test
    void theWorkersReadTheSameAbsolutePathsBackFromTheHandshake() {
        Config config = Loading.config(dir, "--classpath", "a.jar", "--error-logfile", "e.log", "x.App");
        Config worker = Config.fromHocon(config.toHocon());
        assertThat(worker.get(Settings.CLASSPATH)).isEqualTo(config.get(Settings.CLASSPATH));
        assertThat(worker.get(Settings.ERRORLOG)).isEqualTo(dir.resolve("e.log").toString());
    }
}
