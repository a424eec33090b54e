package io.loomicorn.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A user's log4j configuration file replaces the built-in setup. */
class LogConfigTest {

    @AfterEach
    void reset() {
        LoggingFixture.reset();
    }

    private static Path config(Path dir, String out, String jsonOut) throws Exception {
        Path file = dir.resolve("log4j2.xml");
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders>
                    <File name="errors" fileName="%s">
                      <PatternLayout pattern="CUSTOM %%p [%%c] %%m%%n"/>
                    </File>
                    <File name="json" fileName="%s">
                      <JsonTemplateLayout>
                        <EventTemplate><![CDATA[{"status": {"$resolver": "map", "key": "status"}, "line": {"$resolver": "message"}}]]></EventTemplate>
                      </JsonTemplateLayout>
                    </File>
                  </Appenders>
                  <Loggers>
                    <Logger name="loomicorn.error" level="debug" additivity="false"><AppenderRef ref="errors"/></Logger>
                    <Logger name="loomicorn.access" level="info" additivity="false">
                      <AppenderRef ref="errors"/><AppenderRef ref="json"/>
                    </Logger>
                    <Root level="off"/>
                  </Loggers>
                </Configuration>
                """.formatted(out, jsonOut));
        return file;
    }

    @Test
    void replacesTheBuiltInSetupForErrorAndAccess(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("custom.log");
        Path json = dir.resolve("custom.json");
        Path builtIn = dir.resolve("error.log");
        Logging.apply(LoggingFixture.withLogConfig(
                LoggingFixture.withAccess(LoggingFixture.errorOnly(builtIn), null, "%(m)s %(s)s", false),
                config(dir, out.toString(), json.toString())));
        ServerLog.ERROR.debug("hello {}", "there");
        LoggingFixture.logRequest("/x", 418);
        ServerLoggerContext.stop();
        assertThat(LoggingFixture.lines(out)).containsExactly(
                "CUSTOM DEBUG [loomicorn.error] hello there",
                "CUSTOM INFO [loomicorn.access] GET 418");
        assertThat(LoggingFixture.lines(json)).containsExactly("{\"status\":418,\"line\":\"GET 418\"}");
        assertThat(builtIn).doesNotExist();
    }

    @Test
    void reopenOpensTheUsersFilesAgain(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("custom.log");
        Logging.apply(LoggingFixture.withLogConfig(LoggingFixture.errorOnly(dir.resolve("error.log")),
                config(dir, out.toString(), dir.resolve("j.json").toString())));
        ServerLog.ERROR.info("one");
        Files.move(out, dir.resolve("custom.log.1"));
        Logging.reopen();
        ServerLog.ERROR.info("two");
        ServerLoggerContext.stop();
        assertThat(LoggingFixture.lines(dir.resolve("custom.log.1"))).containsExactly("CUSTOM INFO [loomicorn.error] one");
        assertThat(LoggingFixture.lines(out)).containsExactly("CUSTOM INFO [loomicorn.error] two");
    }

    @Test
    void aBrokenFileIsAnError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<Configuration><Appenders><Nope name=\"x\"/></Appenders><Loggers><Root level=\"info\"><AppenderRef ref=\"x\"/></Root></Loggers></Configuration>");
        assertThatThrownBy(() -> Logging.apply(LoggingFixture.withLogConfig(LoggingFixture.errorOnly(dir.resolve("e.log")), bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.xml");
        Path notXml = dir.resolve("broken.xml");
        Files.writeString(notXml, "<Configuration><Loggers>");
        assertThatThrownBy(() -> Logging.apply(LoggingFixture.withLogConfig(LoggingFixture.errorOnly(dir.resolve("e.log")), notXml)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
