package io.loomicorn.logging;

import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigLoader;
import io.loomicorn.config.LoadResult;
import io.loomicorn.config.Settings;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The error log's lines, levels and targets. */
class ErrorLogTest {

    @AfterEach
    void reset() {
        LoggingFixture.reset();
    }

    @Test
    void linesCarryTimePidLevelInGunicornsNamesAndRole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("error.log");
        Logging.apply(LoggingFixture.withLevel(LoggingFixture.errorOnly(file), Level.DEBUG));
        ServerLog.ERROR.debug("d {}", 1);
        ServerLog.ERROR.info("Booting worker with pid: {}", 42);
        ServerLog.ERROR.warn("w");
        ServerLog.ERROR.error("e", new IllegalStateException("boom"));
        ServerLog.ERROR.fatal("WORKER TIMEOUT (pid:{})", 7);
        List<String> lines = LoggingFixture.lines(file);
        String prefix = "^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] \\[" + LoggingFixture.PID + "] ";
        assertThat(lines.get(0)).matches(prefix + "\\[DEBUG] \\[worker] d 1$");
        assertThat(lines.get(1)).matches(prefix + "\\[INFO] \\[worker] Booting worker with pid: 42$");
        assertThat(lines.get(2)).matches(prefix + "\\[WARNING] \\[worker] w$");
        assertThat(lines.get(3)).matches(prefix + "\\[ERROR] \\[worker] e$");
        assertThat(lines.get(4)).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines.get(5)).contains("at io.loomicorn.logging.ErrorLogTest");
        assertThat(lines.getLast()).matches(prefix + "\\[CRITICAL] \\[worker] WORKER TIMEOUT \\(pid:7\\)$");
    }

    @Test
    void levelFiltersLessSevereLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("error.log");
        Logging.apply(LoggingFixture.withLevel(LoggingFixture.errorOnly(file), Level.WARN));
        ServerLog.ERROR.info("hidden");
        ServerLog.ERROR.warn("shown");
        assertThat(LoggingFixture.lines(file)).singleElement().asString().endsWith("[WARNING] [worker] shown");
    }

    @Test
    void everySettingValueMapsToALevelAndOthersAreRefused(@TempDir Path dir) {
        assertThat(List.of("debug", "info", "warning", "error", "critical")).map(LogLevels::fromSetting)
                .containsExactly(Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR, Level.FATAL);
        assertThat(LogLevels.gunicornName(Level.WARN)).isEqualTo("WARNING");
        assertThat(LogLevels.gunicornName(Level.FATAL)).isEqualTo("CRITICAL");
        // The registry refuses an unknown level when the settings are read, with a message.
        LoadResult r = ConfigLoader.load(new String[] {"--log-level", "verbose", "x.App"}, Map.of(), dir);
        assertThat(r).isInstanceOf(LoadResult.Failure.class);
        assertThat(((LoadResult.Failure) r).oneLine()).contains("verbose");
        assertThatThrownBy(() -> LogLevels.fromSetting("verbose")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsResolveToASetup(@TempDir Path dir) {
        Config config = Config.defaults()
                .with(Settings.WSGI_APP, java.util.Optional.of("com.acme.Main:app"))
                .with(Settings.ERRORLOG, dir.resolve("e.log").toString())
                .with(Settings.LOGLEVEL, "critical")
                .with(Settings.ACCESSLOG, java.util.Optional.of("-"))
                .with(Settings.SYSLOG, true)
                .with(Settings.SYSLOG_ADDR, "unix:///dev/log#dgram")
                .with(Settings.SYSLOG_FACILITY, "local7");
        LogSetup s = LogSetup.from(config, "master");
        assertThat(s.errorLog()).isEqualTo(dir.resolve("e.log"));
        assertThat(s.level()).isEqualTo(Level.FATAL);
        assertThat(s.accessLog()).isEqualTo("-");
        assertThat(s.syslog().address()).isEqualTo(new SyslogAddress.Unix(Path.of("/dev/log"), "dgram"));
        assertThat(s.syslog().facility()).isEqualTo(23);
        assertThat(s.syslog().prefix()).isEqualTo("com.acme.Main:app");
        assertThat(s.syslog().redirectAccess()).isTrue();
        assertThat(s.accessEnabled()).isTrue();
        assertThat(LogSetup.from(Config.defaults(), "worker").accessEnabled()).isFalse();
    }

    @Test
    void anErrorLogThatCannotBeOpenedIsAnError(@TempDir Path dir) {
        Path file = dir.resolve("no-such-dir").resolve("error.log");
        assertThatThrownBy(() -> Logging.apply(LoggingFixture.errorOnly(file)))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("no-such-dir");
    }
}
