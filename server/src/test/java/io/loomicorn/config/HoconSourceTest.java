package io.loomicorn.config;

import static io.loomicorn.config.Loading.config;
import static io.loomicorn.config.Loading.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HOCON config file: substitutions, value shapes and errors. */
class HoconSourceTest {

    @TempDir
    Path dir;

    private void conf(String hocon) throws IOException {
        Files.writeString(dir.resolve("loomicorn.conf"), hocon);
    }

    @Test
    void substitutesFromTheGivenEnvironmentOnly() throws IOException {
        conf("""
                workers = ${?LOOMICORN_TEST_WORKERS}
                proc_name = ${?LOOMICORN_TEST_NAME}
                pidfile = ${?LOOMICORN_TEST_UNSET}
                """);
        Config config = config(dir, Map.of("LOOMICORN_TEST_WORKERS", "5", "LOOMICORN_TEST_NAME", "shop"));
        assertThat(config.get(Settings.WORKERS)).isEqualTo(5);
        assertThat(config.get(Settings.PROC_NAME)).contains("shop");
        assertThat(config.get(Settings.PIDFILE)).as("an unset optional substitution leaves the default").isEmpty();
        assertThat(config.origin(Settings.PIDFILE)).isEqualTo(Origin.DEFAULT);
        assertThat(config.origin(Settings.WORKERS).kind()).isEqualTo(Origin.Kind.CONFIG_FILE);
    }

    @Test
    void doesNotReadTheJvmsEnvironment() throws IOException {
        // PATH is set in any real environment, but the injected one is empty.
        conf("proc_name = ${?PATH}\n");
        assertThat(config(dir, Map.of()).get(Settings.PROC_NAME)).isEmpty();
    }

    @Test
    void substitutesOtherKeysOfTheFile() throws IOException {
        conf("timeout = 20\ngraceful_timeout = ${timeout}\n");
        assertThat(config(dir).get(Settings.GRACEFUL_TIMEOUT)).isEqualTo(20);
    }

    @Test
    void aRequiredSubstitutionThatIsMissingFails() throws IOException {
        conf("proc_name = ${LOOMICORN_TEST_NOPE}\n");
        assertThat(failure(dir)).isEqualTo(
                "Error: cannot read config file loomicorn.conf:1: Could not resolve substitution to a value:"
                        + " ${LOOMICORN_TEST_NOPE}");
    }

    @Test
    void aBadSubstitutedValueNamesTheVariable() throws IOException {
        conf("workers = ${?W}\n");
        assertThat(failure(dir, Map.of("W", "-2"))).endsWith(
                "(from loomicorn.conf via environment variable W)");
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() throws IOException {
        conf("timeout = 5\nworkers = 2*cpu+1\n");
        assertThat(failure(dir)).startsWith("Error: cannot read config file loomicorn.conf:2: ")
                .contains("Reserved character '*' is not allowed outside quotes")
                .endsWith("put such values in double quotes, as in workers = \"2*cpu+1\"");
        conf("bind = [\"a\"\n");
        assertThat(failure(dir)).startsWith("Error: cannot read config file loomicorn.conf:");
    }

    @Test
    void aMissingExplicitFileFails() {
        assertThat(failure(dir, "-c", "missing.conf"))
                .isEqualTo("Error: cannot read config file missing.conf: no such file");
        assertThat(failure(dir, Map.of("LOOMICORN_CMD_ARGS", "-c gone.conf")))
                .isEqualTo("Error: cannot read config file gone.conf: no such file");
    }

    @Test
    void aDirectoryIsNotAConfigFile() throws IOException {
        Files.createDirectory(dir.resolve("conf.d"));
        assertThat(failure(dir, "--config", "conf.d"))
                .isEqualTo("Error: cannot read config file conf.d: not a regular file");
    }

    @Test
    void unknownKeysFailWithASuggestion() throws IOException {
        conf("workers = 2\nworker = 3\n");
        assertThat(failure(dir)).isEqualTo(
                "Error: unknown setting 'worker' in loomicorn.conf:2; did you mean 'workers'?");
        conf("max-requests = 3\n");
        assertThat(failure(dir)).isEqualTo(
                "Error: unknown setting 'max-requests' in loomicorn.conf:1; did you mean 'max_requests'?");
        conf("pythonpath = \"lib\"\n");
        assertThat(failure(dir)).endsWith("did you mean 'classpath'?");
        conf("frobnicate = 1\n");
        assertThat(failure(dir)).isEqualTo("Error: unknown setting 'frobnicate' in loomicorn.conf:1");
    }

    @Test
    void aDottedKeyIsNamedWhole() throws IOException {
        conf("worker.class = \"vthread\"\n");
        assertThat(failure(dir)).isEqualTo(
                "Error: unknown setting 'worker.class' in loomicorn.conf:1; did you mean 'worker_class'?");
    }

    @Test
    void theFileCannotNameAnotherConfigFile() throws IOException {
        conf("config = \"other.conf\"\n");
        assertThat(failure(dir)).isEqualTo(
                "Error: the config file cannot set 'config' (loomicorn.conf:1); name the file with -c/--config");
    }

    @Test
    void badValuesNameTheFileAndLine() throws IOException {
        conf("\n\ntimeout = -1\n");
        assertThat(failure(dir)).isEqualTo(
                "Error: invalid value for timeout (--timeout): '-1': expected an integer >= 0 (from loomicorn.conf:3)");
    }

    @Test
    void valuesHaveTheShapeTheSettingExpects() throws IOException {
        conf("timeout = [1, 2]\n");
        assertThat(failure(dir)).contains("expected a single value, got a list");
        conf("timeout = { a = 1 }\n");
        assertThat(failure(dir)).contains("expected a single value, got an object");
        conf("timeout = null\n");
        assertThat(failure(dir)).contains("expected a value, got null");
        conf("reload = yes\n");
        assertThat(failure(dir)).isEqualTo(
                "Error: invalid value for reload (--reload): 'yes': expected true or false (from loomicorn.conf:1)");
        conf("backlog = 1.5\n");
        assertThat(failure(dir)).contains("'1.5': expected an integer >= 1");
        conf("bind = []\n");
        assertThat(failure(dir)).contains("expected at least one value");
    }

    @Test
    void readsEveryKindOfValue() throws IOException {
        Files.createDirectory(dir.resolve("tmp"));
        conf("""
                wsgi_app = "com.acme.Main:app"
                bind = "0.0.0.0:80"
                workers = "2*cpu+1"
                reload = true
                raw_env = ["A=1", "B=2"]
                classpath = ["lib/*", "a.jar:b.jar"]
                worker_jvm_args = "-Xmx64m -Dx='a b'"
                umask = "0027"
                limit_request_body = 1048576
                header_map = dangerous
                worker_tmp_dir = tmp
                accesslog = "-"
                pidfile = null
                server_header = ""
                """);
        Config config = config(dir);
        assertThat(config.app()).isEqualTo("com.acme.Main:app");
        assertThat(config.get(Settings.BIND)).containsExactly("0.0.0.0:80");
        assertThat(config.get(Settings.WORKERS)).isEqualTo(9);
        assertThat(config.get(Settings.RELOAD)).isTrue();
        assertThat(config.get(Settings.RAW_ENV)).containsExactly("A=1", "B=2");
        assertThat(config.get(Settings.CLASSPATH)).containsExactly(dir.resolve("lib/*").toString(),
                dir.resolve("a.jar").toString(), dir.resolve("b.jar").toString());
        assertThat(config.get(Settings.WORKER_JVM_ARGS)).containsExactly("-Xmx64m", "-Dx=a b");
        assertThat(config.get(Settings.UMASK)).isEqualTo(0027);
        assertThat(config.get(Settings.LIMIT_REQUEST_BODY)).isEqualTo(1048576L);
        assertThat(config.get(Settings.HEADER_MAP)).isEqualTo("dangerous");
        assertThat(config.get(Settings.WORKER_TMP_DIR)).contains(dir.resolve("tmp").toString());
        assertThat(config.get(Settings.ACCESSLOG)).contains("-");
        assertThat(config.get(Settings.PIDFILE)).isEmpty();
        assertThat(config.get(Settings.SERVER_HEADER)).isEmpty();
    }

    @Test
    void jvmArgsGivenAsAListAreTakenAsTheyAre() throws IOException {
        conf("worker_jvm_args = [\"-Dgreeting=hello world\", \"-Xss1m\"]\n");
        assertThat(config(dir).get(Settings.WORKER_JVM_ARGS)).containsExactly("-Dgreeting=hello world", "-Xss1m");
    }

    @Test
    void anUnquotedUmaskIsRefusedBecauseHoconReadsItAsDecimal() throws IOException {
        conf("umask = 0022\n");
        assertThat(failure(dir)).isEqualTo("Error: invalid value for umask (--umask): '22': write the mask in"
                + " quotes, as in umask = \"0022\": HOCON reads an unquoted 0022 as the decimal number 22"
                + " (from loomicorn.conf:1)");
        conf("umask = 0\n");
        assertThat(config(dir).get(Settings.UMASK)).isZero();
    }

    @Test
    void includesWorkRelativeToTheFile() throws IOException {
        Files.writeString(dir.resolve("common.conf"), "backlog = 64\n");
        conf("include \"common.conf\"\ntimeout = 9\n");
        Config config = config(dir);
        assertThat(config.get(Settings.BACKLOG)).isEqualTo(64);
        assertThat(config.get(Settings.TIMEOUT)).isEqualTo(9);
    }

    @Test
    void anEmptyFileChangesNothing() throws IOException {
        conf("# nothing yet\n");
        Config config = config(dir);
        assertThat(config.get(Settings.WORKERS)).isEqualTo(1);
        assertThat(config.get(Settings.CONFIG)).contains(dir.resolve("loomicorn.conf").toString());
    }
}
