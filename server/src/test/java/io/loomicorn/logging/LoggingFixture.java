package io.loomicorn.logging;

import org.apache.logging.log4j.Level;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Builds {@link LogSetup}s for tests and reads what they wrote. */
final class LoggingFixture {

    static final long PID = ProcessHandle.current().pid();

    private LoggingFixture() {
    }

    /** A worker setup: error log to a file at INFO, nothing else. */
    static LogSetup errorOnly(Path errorLog) {
        return new LogSetup("worker", PID, errorLog, Level.INFO, null,
                AccessLogFormat.parse(AccessLogFormat.DEFAULT), false, null, false, null);
    }

    static LogSetup withLevel(LogSetup s, Level level) {
        return new LogSetup(s.role(), s.pid(), s.errorLog(), level, s.accessLog(), s.accessFormat(), s.accessJson(),
                s.syslog(), s.captureOutput(), s.logConfig());
    }

    static LogSetup withAccess(LogSetup s, String accessLog, String format, boolean json) {
        return new LogSetup(s.role(), s.pid(), s.errorLog(), s.level(), accessLog, AccessLogFormat.parse(format), json,
                s.syslog(), s.captureOutput(), s.logConfig());
    }

    static LogSetup withSyslog(LogSetup s, LogSetup.Syslog syslog) {
        return new LogSetup(s.role(), s.pid(), s.errorLog(), s.level(), s.accessLog(), s.accessFormat(), s.accessJson(),
                syslog, s.captureOutput(), s.logConfig());
    }

    static LogSetup withLogConfig(LogSetup s, Path logConfig) {
        return new LogSetup(s.role(), s.pid(), s.errorLog(), s.level(), s.accessLog(), s.accessFormat(), s.accessJson(),
                s.syslog(), s.captureOutput(), logConfig);
    }

    /** Back to the bootstrap configuration, closing the test's files. */
    static void reset() {
        Logging.bootstrap("test");
    }

    /** Logs one GET through the configured access log. */
    static void logRequest(String target, int status) {
        StubExchange.StubRequest request = new StubExchange.StubRequest();
        request.target = target;
        request.headers.add("User-Agent", "fixture");
        StubExchange.StubResponse response = new StubExchange.StubResponse();
        response.status = status;
        Logging.accessLog().log(request, response, 13, 1_500_000);
    }

    /** Reads a file's lines, or none if it does not exist. */
    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Waits until a file has a line that matches, and returns the lines. */
    static List<String> awaitLine(Path file, Predicate<String> match) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> lines = lines(file);
            if (lines.stream().anyMatch(match) || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(20);
        }
    }
}
