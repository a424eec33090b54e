package io.loomicorn.config;

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

/** {@link Config#toHocon()} and {@link Config#fromHocon(String)}, and {@link Config#with}. */
class ConfigRoundTripTest {

    @TempDir
    Path dir;

    /** A configuration in which every setting differs from its default, from several sources. */
    private Config everythingChanged() throws IOException {
        Files.createDirectories(dir.resolve("app"));
        Files.createDirectories(dir.resolve("heartbeats"));
        Files.writeString(dir.resolve("log4j2.xml"), "<Configuration/>");
        for (String pem : List.of("cert.pem", "key.pem", "ca.pem", "key-password.txt")) {
            Files.writeString(dir.resolve(pem), "");
        }
        Files.writeString(dir.resolve("loomicorn.conf"), """
                timeout = 45
                access_log_format = "%(h)s \\"%(r)s\\" %(s)s {weird} $dollar ${?NOPE} 'quote' \\\\back"
                worker_jvm_args = ["-Dspace=a b", "-Dquote=\\"", "-Xmx64m"]
                secure_scheme_headers { "X-Forwarded-Proto" = https, "Front-End-Https" = on }
                """);
        Map<String, String> env = Map.of("LOOMICORN_CMD_ARGS", "--graceful-timeout 12 --log-level debug",
                "PORT", "9999");
        LoadResult result = Loading.load(dir, env,
                "com.acme.Main:app",
                "-b", "0.0.0.0:80", "-b", "unix:/run/app.sock", "-b", "[::1]:81",
                "--insecure-bind", "unix:/run/plain.sock", "--backlog", "64", "--reuse-port",
                "--certfile", "cert.pem", "--keyfile", "key.pem", "--keyfile-password-file", "key-password.txt",
                "--keyfile-password-env", "TLS_KEY_PASSWORD", "--ca-certs", "ca.pem", "--cert-reqs", "1",
                "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256", "--ssl-min-version", "1.3",
                "-w", "2*cpu+1", "-k", "vthread", "--threads", "8", "--worker-connections", "50",
                "--max-requests", "1000", "--max-requests-jitter", "50", "--keep-alive", "5",
                "--header-timeout", "3", "--shutdown-delay", "4",
                "--limit-request-line", "1024", "--limit-request-fields", "50",
                "--limit-request-field-size", "2048", "--limit-request-body", "10485760",
                "--reload", "--reload-extra-file", "templates/a.html", "--spew", "--check-config", "--print-config",
                "--preload", "--no-sendfile", "--chdir", "app", "-e", "A=1", "-e", "B=two words",
                "-p", "/run/app.pid", "--worker-tmp-dir", "heartbeats", "-u", "www", "-g", "www",
                "-m", "0027", "--classpath", "lib/*:classes", "--linkage-check", "all",
                "--aot-cache", "off",
                "--permit-obsolete-folding", "--permit-unconventional-http-method",
                "--permit-unconventional-http-version", "--casefold-http-method",
                "--header-map", "refuse", "--server-header=",
                "--forwarded-allow-ips", "10.0.0.0/8, fd00::/8", "--forwarded-style", "both",
                "--forwarder-headers", "SCRIPT_NAME", "--root-path", "/shop", "--proxy-protocol",
                "--proxy-allow-from", "*",
                "--access-logfile", "-", "--access-log-json", "--error-logfile", "/var/log/err.log",
                "--capture-output", "--log-config", "log4j2.xml", "--log-syslog",
                "--log-syslog-to", "unix:///dev/log#dgram", "--log-syslog-prefix", "shop",
                "--log-syslog-facility", "local3", "--disable-redirect-access-to-syslog",
                "--statsd-host", "127.0.0.1:9125", "--dogstatsd-tags", "env:prod", "--statsd-prefix", "shop",
                "--admin-bind", "127.0.0.1:9000", "--admin-ready-percent", "75",
                "--control-socket", "/run/shop.ctl", "--control-socket-mode", "0660",
                "-n", "shop", "--hooks", "com.acme.MyHooks");
        assertThat(result).isInstanceOf(LoadResult.Run.class);
        return ((LoadResult.Run) result).config();
    }

    @Test
    void everySettingSurvivesTheRoundTripWithItsOrigin() throws IOException {
        Config config = everythingChanged();
        for (Setting<?> setting : Settings.all()) {
            assertThat((Object) config.get(setting)).as("%s is not at its default", setting.name())
                    .isNotEqualTo(setting.defaultValue());
        }
        Config back = Config.fromHocon(config.toHocon());
        for (Setting<?> setting : Settings.all()) {
            assertThat((Object) back.get(setting)).as(setting.name()).isEqualTo(config.get(setting));
            assertThat(back.origin(setting)).as(setting.name()).isEqualTo(config.origin(setting));
        }
        assertThat(back).isEqualTo(config);
        assertThat(back.toHocon()).isEqualTo(config.toHocon());
    }

    @Test
    void theRoundTripKeepsOriginsOfEveryKind() throws IOException {
        Config config = everythingChanged();
        assertThat(config.origin(Settings.WSGI_APP)).isEqualTo(Origin.COMMAND_LINE);
        assertThat(config.origin(Settings.GRACEFUL_TIMEOUT)).isEqualTo(Origin.LOOMICORN_CMD_ARGS);
        assertThat(config.origin(Settings.TIMEOUT)).isEqualTo(Origin.configFile(dir.resolve("loomicorn.conf").toString()));
        assertThat(config.origin(Settings.CONFIG)).isEqualTo(Origin.DEFAULT);
        Config defaults = Loading.config(dir.resolve("app"), Map.of("PORT", "7000"));
        Config back = Config.fromHocon(defaults.toHocon());
        assertThat(back.origin(Settings.BIND)).isEqualTo(Origin.environment("PORT"));
        assertThat(back.get(Settings.BIND)).containsExactly("0.0.0.0:7000");
        assertThat(back).isEqualTo(defaults);
    }

    @Test
    void theWorkerGetsTheComputedWorkerCountNotTheExpression() throws IOException {
        Config config = everythingChanged();
        assertThat(config.toHocon()).contains("\nworkers = 9\n");
    }

    @Test
    void hoconTextIsOneKeyPerSettingWithItsOriginAbove() throws IOException {
        String hocon = everythingChanged().toHocon();
        assertThat(hocon).contains("# origin: COMMAND_LINE\nwsgi_app = \"com.acme.Main:app\"\n");
        assertThat(hocon).contains("# origin: LOOMICORN_CMD_ARGS\nloglevel = \"debug\"\n");
        assertThat(hocon).contains("umask = \"0027\"\n");
        assertThat(hocon).contains("sendfile = false\n");
        for (Setting<?> setting : Settings.all()) {
            assertThat(hocon).contains("\n" + setting.hoconKey() + " = ");
        }
    }

    @Test
    void onlySettingsAwayFromTheirDefaultAreWrittenAndTheRestComeBackAsDefaults() {
        Config config = Config.defaults().with(Settings.WORKERS, 3).with(Settings.TIMEOUT, Settings.TIMEOUT.defaultValue());
        String hocon = config.toHocon();
        assertThat(hocon).contains("\nworkers = 3\n");
        // At its default value but set on purpose: its origin still travels.
        assertThat(hocon).contains("# origin: OVERRIDE\ntimeout = ");
        assertThat(hocon).doesNotContain("\nbind = ").doesNotContain("\nloglevel = ");
        assertThat(hocon.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(2);
        Config back = Config.fromHocon(hocon);
        assertThat(back).isEqualTo(config);
        assertThat(back.origin(Settings.BIND)).isEqualTo(Origin.DEFAULT);
        assertThat(Config.fromHocon(Config.defaults().toHocon())).isEqualTo(Config.defaults());
    }

    @Test
    void missingKeysTakeTheirDefaultsAndMissingOriginsSayConfigFile() {
        Config config = Config.fromHocon("workers = 3\n");
        assertThat(config.get(Settings.WORKERS)).isEqualTo(3);
        assertThat(config.origin(Settings.WORKERS)).isEqualTo(Origin.configFile(null));
        assertThat(config.get(Settings.BIND)).containsExactly("127.0.0.1:8000");
        assertThat(config.origin(Settings.BIND)).isEqualTo(Origin.DEFAULT);
    }

    @Test
    void fromHoconValidates() {
        assertThatThrownBy(() -> Config.fromHocon("workerz = 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Error: unknown setting 'workerz' in resolved settings:1; did you mean 'workers'?");
        assertThatThrownBy(() -> Config.fromHocon("threads = 0\n"))
                .hasMessage("Error: invalid value for threads (--threads): '0': expected an integer >= 1"
                        + " (from resolved settings:1)");
        assertThatThrownBy(() -> Config.fromHocon("threads = [\n"))
                .hasMessageStartingWith("Error: cannot read resolved settings:");
    }

    @Test
    void withReplacesOneSettingAndValidatesIt() {
        Config base = Config.defaults();
        Config changed = base.with(Settings.WORKERS, 3).with(Settings.BIND, List.of("unix:/tmp/x.sock"));
        assertThat(changed.get(Settings.WORKERS)).isEqualTo(3);
        assertThat(changed.origin(Settings.WORKERS)).isEqualTo(Origin.OVERRIDE);
        assertThat(changed.get(Settings.BIND)).containsExactly("unix:/tmp/x.sock");
        assertThat(base.get(Settings.WORKERS)).as("the original is unchanged").isEqualTo(1);
        assertThat(changed).isNotEqualTo(base);

        assertThatThrownBy(() -> base.with(Settings.WORKERS, -1)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Error: invalid value for workers (--workers): '-1'");
        assertThatThrownBy(() -> base.with(Settings.BIND, List.of("::1"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> base.with(Settings.LOGLEVEL, "loud")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> base.with(Settings.CHDIR, Optional.of("/no/such/dir"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> base.with(Settings.WORKERS, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void withNormalizesLikeTheLoaderDoes() {
        Config config = Config.defaults().with(Settings.CHDIR, Optional.of(".")).with(Settings.LOGLEVEL, "ERROR")
                .with(Settings.UMASK, 0022).with(Settings.PIDFILE, Optional.empty());
        assertThat(config.get(Settings.CHDIR)).contains(Path.of("").toAbsolutePath().normalize().toString());
        assertThat(config.get(Settings.LOGLEVEL)).isEqualTo("error");
        assertThat(config.get(Settings.UMASK)).isEqualTo(0022);
        assertThat(config.get(Settings.PIDFILE)).isEmpty();
        assertThat(Config.fromHocon(config.toHocon())).isEqualTo(config);
    }

    @Test
    void defaultsHoldEveryDefault() {
        Config defaults = Config.defaults();
        for (Setting<?> setting : Settings.all()) {
            assertThat((Object) defaults.get(setting)).isEqualTo(setting.defaultValue());
            assertThat(defaults.origin(setting)).isEqualTo(Origin.DEFAULT);
        }
        assertThat(defaults).hasSameHashCodeAs(Config.defaults());
    }
}
