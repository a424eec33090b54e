package io.loomicorn.config;

import static io.loomicorn.config.Loading.config;
import static io.loomicorn.config.Loading.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecedenceTest {

    @TempDir
    Path dir;

    private Path write(String name, String hocon) throws IOException {
        return Files.writeString(dir.resolve(name), hocon);
    }

    @Test
    void defaultsWhenNothingIsGiven() {
        Config config = config(dir);
        for (Setting<?> setting : Settings.all()) {
            assertThat(config.origin(setting)).as(setting.name()).isEqualTo(Origin.DEFAULT);
            assertThat((Object) config.get(setting)).as(setting.name()).isEqualTo(setting.defaultValue());
        }
        assertThat(config.get(Settings.CONFIG)).isEmpty();
        assertThat(config).isEqualTo(Config.defaults());
    }

    @Test
    void fileThenCmdArgsThenCommandLine() throws IOException {
        write("loomicorn.conf", """
                workers = 2
                timeout = 40
                backlog = 100
                """);
        Config config = config(dir, Map.of("LOOMICORN_CMD_ARGS", "--workers 3 --timeout 50"), "-w", "4");

        assertThat(config.get(Settings.WORKERS)).isEqualTo(4);
        assertThat(config.origin(Settings.WORKERS)).isEqualTo(Origin.COMMAND_LINE);
        assertThat(config.get(Settings.TIMEOUT)).isEqualTo(50);
        assertThat(config.origin(Settings.TIMEOUT)).isEqualTo(Origin.LOOMICORN_CMD_ARGS);
        assertThat(config.get(Settings.BACKLOG)).isEqualTo(100);
        String file = dir.resolve("loomicorn.conf").toString();
        assertThat(config.origin(Settings.BACKLOG)).isEqualTo(Origin.configFile(file));
        assertThat(config.origin(Settings.BACKLOG).describe()).isEqualTo("config file " + file);
        assertThat(config.get(Settings.KEEPALIVE)).isEqualTo(2);
        assertThat(config.origin(Settings.KEEPALIVE)).isEqualTo(Origin.DEFAULT);
    }

    @Test
    void portSetsTheDefaultBind() {
        Config config = config(dir, Map.of("PORT", "5000"));
        assertThat(config.get(Settings.BIND)).containsExactly("0.0.0.0:5000");
        assertThat(config.origin(Settings.BIND)).isEqualTo(Origin.environment("PORT"));
        assertThat(config.origin(Settings.BIND).describe()).isEqualTo("environment variable PORT");
    }

    @Test
    void webConcurrencySetsTheDefaultWorkers() {
        Config config = config(dir, Map.of("WEB_CONCURRENCY", "6"));
        assertThat(config.get(Settings.WORKERS)).isEqualTo(6);
        assertThat(config.origin(Settings.WORKERS)).isEqualTo(Origin.environment("WEB_CONCURRENCY"));
        assertThat(config(dir, Map.of("WEB_CONCURRENCY", "cpu*2")).get(Settings.WORKERS)).isEqualTo(8);
    }

    @Test
    void blankEnvironmentDefaultsAreIgnored() {
        Config config = config(dir, Map.of("PORT", "", "WEB_CONCURRENCY", " "));
        assertThat(config.get(Settings.BIND)).containsExactly("127.0.0.1:8000");
        assertThat(config.get(Settings.WORKERS)).isEqualTo(1);
        assertThat(config.origin(Settings.WORKERS)).isEqualTo(Origin.DEFAULT);
    }

    @Test
    void environmentDefaultsYieldToEverySource() throws IOException {
        write("loomicorn.conf", "bind = \"unix:/tmp/a.sock\"\n");
        Map<String, String> env = Map.of("PORT", "5000", "WEB_CONCURRENCY", "6");
        Config config = config(dir, env, "-w", "2");
        assertThat(config.get(Settings.BIND)).containsExactly("unix:/tmp/a.sock");
        assertThat(config.origin(Settings.BIND).kind()).isEqualTo(Origin.Kind.CONFIG_FILE);
        assertThat(config.get(Settings.WORKERS)).isEqualTo(2);
    }

    @Test
    void badEnvironmentDefaultsFailNamingTheVariable() {
        assertThat(failure(dir, Map.of("WEB_CONCURRENCY", "lots")))
                .startsWith("Error: invalid value for workers (--workers): 'lots': ")
                .endsWith("(from environment variable WEB_CONCURRENCY)");
        assertThat(failure(dir, Map.of("PORT", "http")))
                .startsWith("Error: invalid value for bind (--bind): '0.0.0.0:http': ")
                .endsWith("(from environment variable PORT)");
    }

    @Test
    void aHigherSourceReplacesAListWhole() throws IOException {
        write("loomicorn.conf", """
                bind = ["10.0.0.1:80", "10.0.0.2:80"]
                raw_env = ["A=1", "B=2"]
                classpath = ["lib/a.jar"]
                """);
        Config config = config(dir, Map.of("LOOMICORN_CMD_ARGS", "-e C=3"), "-b", "unix:/run/x.sock");
        assertThat(config.get(Settings.BIND)).containsExactly("unix:/run/x.sock");
        assertThat(config.get(Settings.RAW_ENV)).containsExactly("C=3");
        assertThat(config.get(Settings.CLASSPATH)).containsExactly(dir.resolve("lib/a.jar").toString());
    }

    @Test
    void repeatedFlagsAccumulateWithinOneSource() {
        Config config = config(dir, Map.of("LOOMICORN_CMD_ARGS", "-b a:1 --bind b:2"),
                "-e", "A=1", "--env", "B=2", "--reload-extra-file", "x", "--reload-extra-file", "y",
                "--classpath", "a.jar:b.jar", "--classpath", "classes");
        assertThat(config.get(Settings.BIND)).containsExactly("a:1", "b:2");
        assertThat(config.get(Settings.RAW_ENV)).containsExactly("A=1", "B=2");
        assertThat(config.get(Settings.RELOAD_EXTRA_FILES)).containsExactly("x", "y");
        assertThat(config.get(Settings.CLASSPATH)).containsExactly(dir.resolve("a.jar").toString(),
                dir.resolve("b.jar").toString(), dir.resolve("classes").toString());
    }

    @Test
    void aRepeatedSingleValueFlagKeepsTheLastValue() {
        Config config = config(dir, "-w", "2", "--workers", "5", "--worker-jvm-args", "-Xmx1g",
                "--worker-jvm-args", "-Xmx2g -Xss1m");
        assertThat(config.get(Settings.WORKERS)).isEqualTo(5);
        assertThat(config.get(Settings.WORKER_JVM_ARGS)).containsExactly("-Xmx2g", "-Xss1m");
    }

    @Test
    void cmdArgsAreSplitLikeAShellCommandLine() {
        Config config = config(dir, Map.of("LOOMICORN_CMD_ARGS",
                "--access-logformat '%(h)s \"%(r)s\"' --worker-jvm-args=\"-Xmx64m -XX:+UseSerialGC\""
                        + " --server-header My\\ Server"));
        assertThat(config.get(Settings.ACCESS_LOG_FORMAT)).isEqualTo("%(h)s \"%(r)s\"");
        assertThat(config.get(Settings.WORKER_JVM_ARGS)).containsExactly("-Xmx64m", "-XX:+UseSerialGC");
        assertThat(config.get(Settings.SERVER_HEADER)).isEqualTo("My Server");
    }

    @Test
    void cmdArgsThatCannotBeSplitFail() {
        assertThat(failure(dir, Map.of("LOOMICORN_CMD_ARGS", "--name 'oops")))
                .isEqualTo("Error: cannot split LOOMICORN_CMD_ARGS like a command line: unterminated single quote");
    }

    @Test
    void booleansAreFlagsOnTheCommandLineAndTrueOrFalseElsewhere() throws IOException {
        write("loomicorn.conf", "reload = true\npreload_app = true\nspew = \"TRUE\"\n");
        Config config = config(dir, Map.of("LOOMICORN_CMD_ARGS", "--reload=false --capture-output"),
                "--preload=false", "--log-syslog", "--reuse-port", "true");
        assertThat(config.get(Settings.RELOAD)).isFalse();
        assertThat(config.origin(Settings.RELOAD)).isEqualTo(Origin.LOOMICORN_CMD_ARGS);
        assertThat(config.get(Settings.CAPTURE_OUTPUT)).isTrue();
        assertThat(config.get(Settings.PRELOAD_APP)).isFalse();
        assertThat(config.get(Settings.SPEW)).isTrue();
        assertThat(config.get(Settings.SYSLOG)).isTrue();
        assertThat(config.get(Settings.REUSE_PORT)).isTrue();
    }

    @Test
    void aFlagDoesNotSwallowTheApp() {
        Config config = config(dir, "--reload", "com.acme.HelloApp");
        assertThat(config.get(Settings.RELOAD)).isTrue();
        assertThat(config.app()).isEqualTo("com.acme.HelloApp");
    }

    @Test
    void noSendfileTurnsSendfileOff() throws IOException {
        assertThat(config(dir).get(Settings.SENDFILE)).isTrue();
        assertThat(config(dir, "--no-sendfile").get(Settings.SENDFILE)).isFalse();
        assertThat(config(dir, "--no-sendfile=false").get(Settings.SENDFILE)).isTrue();
        write("loomicorn.conf", "sendfile = false\n");
        assertThat(config(dir).get(Settings.SENDFILE)).isFalse();
        write("loomicorn.conf", "sendfile = true\n");
        assertThat(config(dir).get(Settings.SENDFILE)).as("no inverted getter").isTrue();
    }

    @Test
    void defaultConfigFileIsReadFromTheWorkingDirectory() throws IOException {
        Path file = write("loomicorn.conf", "workers = 7\n");
        Config config = config(dir);
        assertThat(config.get(Settings.WORKERS)).isEqualTo(7);
        assertThat(config.get(Settings.CONFIG)).contains(file.toString());
        assertThat(config.origin(Settings.CONFIG)).isEqualTo(Origin.DEFAULT);
    }

    @Test
    void explicitConfigFileReplacesTheDefaultOne() throws IOException {
        write("loomicorn.conf", "workers = 7\nthreads = 3\n");
        Path other = write("other.conf", "workers = 8\n");
        Config config = config(dir, "-c", "other.conf");
        assertThat(config.get(Settings.WORKERS)).isEqualTo(8);
        assertThat(config.get(Settings.THREADS)).as("loomicorn.conf is not read").isEqualTo(1);
        assertThat(config.get(Settings.CONFIG)).contains(other.toString());
        assertThat(config.origin(Settings.CONFIG)).isEqualTo(Origin.COMMAND_LINE);
        assertThat(config.origin(Settings.WORKERS)).isEqualTo(Origin.configFile(other.toString()));
    }

    @Test
    void configFileNamedInCmdArgsIsHonouredAndTheCommandLineWins() throws IOException {
        write("env.conf", "workers = 5\n");
        Path cli = write("cli.conf", "workers = 6\n");
        Config fromEnv = config(dir, Map.of("LOOMICORN_CMD_ARGS", "--config env.conf"));
        assertThat(fromEnv.get(Settings.WORKERS)).isEqualTo(5);
        assertThat(fromEnv.origin(Settings.CONFIG)).isEqualTo(Origin.LOOMICORN_CMD_ARGS);

        Config both = config(dir, Map.of("LOOMICORN_CMD_ARGS", "-c env.conf"), "--config", "cli.conf");
        assertThat(both.get(Settings.WORKERS)).isEqualTo(6);
        assertThat(both.get(Settings.CONFIG)).contains(cli.toString());
    }

    @Test
    void absoluteConfigPathWorksFromAnyDirectory(@TempDir Path elsewhere) throws IOException {
        Path file = write("abs.conf", "backlog = 9\n");
        assertThat(config(elsewhere, "-c", file.toString()).get(Settings.BACKLOG)).isEqualTo(9);
    }

    @Test
    void appArgumentOverridesWsgiApp() throws IOException {
        write("loomicorn.conf", "wsgi_app = \"com.acme.FromFile\"\n");
        assertThat(config(dir).app()).isEqualTo("com.acme.FromFile");
        Config config = config(dir, "com.acme.Main:app");
        assertThat(config.app()).isEqualTo("com.acme.Main:app");
        assertThat(config.get(Settings.WSGI_APP)).contains("com.acme.Main:app");
        assertThat(config.origin(Settings.WSGI_APP)).isEqualTo(Origin.COMMAND_LINE);
    }

    @Test
    void appIsRequiredOnlyWhenAsked() {
        Config config = config(dir);
        assertThatThrownBy(config::app).isInstanceOf(ConfigException.class)
                .hasMessage("Error: no application given: pass APP (for example com.acme.Main:app)"
                        + " or set wsgi_app in the config file");
    }

    @Test
    void relativePathsResolveAgainstTheGivenWorkingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("app/tmp"));
        Files.writeString(dir.resolve("log4j2.xml"), "<Configuration/>");
        Config config = config(dir, "--chdir", "app", "--worker-tmp-dir", "app/tmp/../tmp",
                "--log-config", "log4j2.xml");
        assertThat(config.get(Settings.CHDIR)).contains(dir.resolve("app").toString());
        assertThat(config.get(Settings.WORKER_TMP_DIR)).contains(dir.resolve("app/tmp").toString());
        assertThat(config.get(Settings.LOGCONFIG)).contains(dir.resolve("log4j2.xml").toString());
    }

    @Test
    void cpuCountIsInjectable() {
        LoadResult result = ConfigLoader.load(new String[] {"-w", "2*cpu+1"}, Map.of(), dir, 16);
        assertThat(((LoadResult.Run) result).config().get(Settings.WORKERS)).isEqualTo(33);
    }

    @Test
    void debuggingFlags() {
        Config config = config(dir, "--print-config", "--check-config");
        assertThat(config.get(Settings.PRINT_CONFIG)).isTrue();
        assertThat(config.get(Settings.CHECK_CONFIG)).isTrue();
        assertThat(config.get(Settings.RELOAD_EXTRA_FILES)).isEqualTo(List.of());
        assertThat(config.get(Settings.PIDFILE)).isEqualTo(Optional.empty());
    }
}
