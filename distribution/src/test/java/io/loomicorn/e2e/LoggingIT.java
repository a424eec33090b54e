package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/** Logging with real master and worker processes: files, formats, syslog, reopen, isolation from the application. */
@Tag("slow")
class LoggingIT {

    private static final String DEMO = "io.loomicorn.examples.DemoApp";
    private static final Pattern ERROR_LINE = Pattern.compile(
            "^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] \\[(\\d+)] \\[(DEBUG|INFO|WARNING|ERROR|CRITICAL)] \\[(master|worker)] (.*)$");
    private static final String CLF_TIME = "\\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}]";
    private static final Pattern DEFAULT_ACCESS_LINE = Pattern.compile(
            "^127\\.0\\.0\\.1 - - " + CLF_TIME + " \"GET /load/(\\d+)/(\\d+) HTTP/1\\.1\" 404 (\\d+) \"-\" \"load\"$");

    /** The master's and both workers' lines in one error log and one access log, under concurrent load. */
    @Test
    void masterAndWorkersShareOneErrorLogAndOneAccessLog(@TempDir Path dir) throws Exception {
        Path error = dir.resolve("error.log");
        Path access = dir.resolve("access.log");
        try (LoomicornProcess m = LoomicornProcess.start("-w", "2", "-k", "vthread", "-b", "127.0.0.1:0",
                "--error-logfile", error.toString(), "--access-logfile", access.toString(), DEMO)) {
            int port = LoggingFileWatch.port(error);
            List<Long> workers = LoggingFileWatch.workers(error, 2);

            // One known request: every atom of the default format.
            String raw = "GET /echo?a=1&b=%22q%22 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: e2e \"agent\"\r\n"
                    + "Referer: http://ref.example/\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n";
            HttpResponse known;
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                known = c.exchange(raw);
            }
            assertThat(known.status()).isEqualTo(200);
            String expected = "127.0.0.1 - alice " + CLF_TIME + " \"GET /echo\\?a=1&b=%22q%22 HTTP/1\\.1\" 200 "
                    + known.body().length + " \"http://ref\\.example/\" \"e2e \\\\\"agent\\\\\"\"";
            assertThat(LoggingFileWatch.await(access, l -> l.contains("/echo?a=1"), 1, Duration.ofSeconds(10)))
                    .anySatisfy(l -> assertThat(l).matches(expected));

            // Concurrent load: both workers append to both files at once.
            int threads = 8;
            int perThread = 60;
            List<Thread> clients = new ArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                clients.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try (HttpTestClient c = HttpTestClient.connect(port)) {
                            HttpResponse r = c.exchange("GET /load/" + thread + "/" + i + " HTTP/1.1\r\nHost: x\r\n"
                                    + "User-Agent: load\r\nConnection: close\r\n\r\n");
                            if (r.status() != 404) {
                                failures.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            assertThat(failures).hasValue(0);
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();

            List<String> accessLines = LoggingFileWatch.lines(access);
            assertThat(accessLines).hasSize(threads * perThread + 1);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            for (String line : accessLines) {
                if (line.contains("/echo?")) {
                    continue;
                }
                Matcher a = DEFAULT_ACCESS_LINE.matcher(line);
                assertThat(a.matches()).as("an intact access line: %s", line).isTrue();
                assertThat(seen.add(a.group(1) + "/" + a.group(2))).as("logged once: %s", line).isTrue();
            }
            assertThat(seen).hasSize(threads * perThread);

            List<String> errorLines = LoggingFileWatch.lines(error);
            for (String line : errorLines) {
                assertThat(line).as("an intact error log line").matches(ERROR_LINE);
            }
            String master = Long.toString(m.pid());
            assertThat(errorLines).anyMatch(l -> l.contains("[" + master + "] [INFO] [master] Starting loomicorn "));
            assertThat(errorLines).anyMatch(l -> l.contains("[" + master + "] [INFO] [master] Using worker: vthread"));
            assertThat(errorLines).anyMatch(l -> l.contains("[" + master + "] [INFO] [master] Handling signal: term"));
            assertThat(errorLines).anyMatch(l -> l.contains("[" + master + "] [INFO] [master] Shutting down: Master"));
            for (long w : workers) {
                assertThat(errorLines).anyMatch(l -> l.contains("[" + w + "] [INFO] [worker] Worker exiting (pid: " + w + ")"));
            }
        }
    }

    /** Every atom through a custom format, to standard output. */
    @Test
    void customFormatToStandardOutput() throws Exception {
        String format = "%(h)s|%(l)s|%(u)s|%(r)s|%(m)s|%(U)s|%(q)s|%(H)s|%(s)s|%(B)s|%(b)s|%(f)s|%(a)s|%(T)s|%(M)s|%(D)s|%(L)s"
                + "|%(p)s|%({x-test}i)s|%({content-type}o)s|%({path_info}e)s|%({remote_addr}e)s|%(nope)s|%(t)s";
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--access-logfile", "-",
                "--access-logformat", format, DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            HttpResponse r;
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                r = c.exchange("GET /echo/x%20y?k=v HTTP/1.1\r\nHost: localhost\r\nX-Test: hello\r\n"
                        + "User-Agent: ua\r\nConnection: close\r\n\r\n");
            }
            assertThat(r.status()).isEqualTo(200);
            long worker = Long.parseLong(r.text().replaceAll(".*\"worker_pid\":(\\d+).*", "$1"));
            String line = awaitStdout(m, "|GET /echo/x%20y?k=v HTTP/1.1|");
            String[] f = line.split("\\|", -1);
            assertThat(f).hasSize(24);
            assertThat(List.of(f).subList(0, 13)).containsExactly("127.0.0.1", "-", "-", "GET /echo/x%20y?k=v HTTP/1.1",
                    "GET", "/echo/x y", "k=v", "HTTP/1.1", "200", Integer.toString(r.body().length),
                    Integer.toString(r.body().length), "-", "ua");
            assertThat(f[13]).isEqualTo("0");
            assertThat(f[14]).matches("\\d+");
            assertThat(f[15]).matches("\\d+");
            assertThat(Long.parseLong(f[15]) / 1000).isEqualTo(Long.parseLong(f[14]));
            assertThat(f[16]).matches("0\\.\\d{6}");
            assertThat(f[17]).isEqualTo("<" + worker + ">");
            assertThat(List.of(f).subList(18, 23)).containsExactly("hello", "application/json", "/echo/x y", "127.0.0.1", "-");
            assertThat(f[23]).matches(CLF_TIME);
        }
    }

    /** The JSON access log. */
    @Test
    void jsonAccessLog(@TempDir Path dir) throws Exception {
        Path access = dir.resolve("access.json");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--access-logfile", access.toString(),
                "--access-log-json", DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            assertThat(get(port, "/?q=%22x%22").status()).isEqualTo(200);
            String json = LoggingFileWatch.await(access, l -> l.startsWith("{"), 1, Duration.ofSeconds(10)).getFirst();
            assertThat(json).matches("^\\{\"time\":\"[^\"]+\",.*}$").contains(
                    "\"remote_addr\":\"127.0.0.1\"", "\"request\":\"GET /?q=%22x%22 HTTP/1.1\"", "\"method\":\"GET\"",
                    "\"path\":\"/\"", "\"query\":\"q=%22x%22\"", "\"protocol\":\"HTTP/1.1\"", "\"status\":200",
                    "\"bytes\":13", "\"duration_us\":");
        }
    }

    /** A real UDP syslog receiver on loopback: facility, prefix, pids and messages of the master and a worker. */
    @Test
    void syslogOverUdp(@TempDir Path dir) throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<String> datagrams = receiveInBackground(receiver);
            try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--log-syslog",
                    "--log-syslog-to", "udp://127.0.0.1:" + receiver.getLocalPort(), "--log-syslog-prefix", "e2e",
                    "--log-syslog-facility", "local3", DEMO)) {
                int port = m.awaitPort();
                long worker = m.awaitWorkers(1).getFirst();
                assertThat(get(port, "/").status()).isEqualTo(200);
                String master = Long.toString(m.pid());
                // local3 = 19; info = 6: 19 * 8 + 6 = 158.
                awaitDatagram(datagrams, "<158>loomicorn.e2e.error: [" + master + "] Starting loomicorn ");
                awaitDatagram(datagrams, "<158>loomicorn.e2e.error: [" + master + "] Listening at: http://127.0.0.1:" + port + " (" + master + ")");
                awaitDatagram(datagrams, "<158>loomicorn.e2e.error: [" + worker + "] Booting worker with pid: " + worker);
                String access = awaitDatagram(datagrams, "<158>loomicorn.e2e.access: [" + worker + "] 127.0.0.1 - - [");
                assertThat(access).endsWith("\"GET / HTTP/1.1\" 200 13 \"-\" \"-\"");
            }
        }
    }

    /** disable_redirect_access_to_syslog keeps access lines out of syslog, the error log still goes. */
    @Test
    void syslogWithoutAccessLines(@TempDir Path dir) throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<String> datagrams = receiveInBackground(receiver);
            try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--log-syslog",
                    "--log-syslog-to", "udp://127.0.0.1:" + receiver.getLocalPort(), "--disable-redirect-access-to-syslog",
                    "-n", "shop:main", DEMO)) {
                int port = m.awaitPort();
                long worker = m.awaitWorkers(1).getFirst();
                assertThat(get(port, "/").status()).isEqualTo(200);
                assertThat(get(port, "/pid").status()).isEqualTo(200);
                // user = 1; 1 * 8 + 6 = 14; the prefix is proc_name with ':' as '.'.
                awaitDatagram(datagrams, "<14>loomicorn.shop.main.error: [" + worker + "] Booting worker with pid: " + worker);
                m.signal("TERM");
                m.awaitExit(Duration.ofSeconds(30));
                awaitDatagram(datagrams, "<14>loomicorn.shop.main.error: [" + m.pid() + "] Shutting down: Master");
                assertThat(datagrams).noneMatch(d -> d.contains(".access:"));
            }
        }
    }

    /**
     * The seed's bug: an application that reconfigures log4j when it loads (Configurator
     * initialize and reconfigure, every logger it knows set off) leaves the server's error,
     * access and syslog output of that worker working, and its own configuration takes effect.
     */
    @Test
    void anApplicationThatReconfiguresLog4jDoesNotSilenceTheServer(@TempDir Path dir) throws Exception {
        Path error = dir.resolve("error.log");
        Path access = dir.resolve("access.log");
        Path appLog = dir.resolve("app.log");
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<String> datagrams = receiveInBackground(receiver);
            try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-k", "sync",
                    "--error-logfile", error.toString(), "--access-logfile", access.toString(),
                    "--log-syslog", "--log-syslog-to", "udp://127.0.0.1:" + receiver.getLocalPort(), "--log-syslog-prefix", "app",
                    "-e", "APP_LOG=" + appLog, "--classpath", E2E.TEST_CLASSES, "io.loomicorn.e2e.Log4jReconfiguringApp:APP")) {
                int port = LoggingFileWatch.port(error);
                long worker = LoggingFileWatch.workers(error, 1).getFirst();
                assertThat(withRetry(() -> get(port, "/after-reconfigure")).text()).isEqualTo("ok");
                assertThat(get(port, "/boom").status()).isEqualTo(500);

                // The worker loaded the application (which reconfigured log4j) before these lines.
                LoggingFileWatch.await(appLog, "APP INFO com.acme.app handled /after-reconfigure");
                LoggingFileWatch.await(access, "\"GET /after-reconfigure HTTP/1.1\" 200 2");
                LoggingFileWatch.await(access, "\"GET /boom HTTP/1.1\" 500");
                String failure = LoggingFileWatch.await(error, "Error handling request GET /boom");
                assertThat(failure).contains("[" + worker + "] [ERROR] [worker] ");
                LoggingFileWatch.await(error, "java.lang.IllegalStateException: boom from the application");
                awaitDatagram(datagrams, "loomicorn.app.access: [" + worker + "] 127.0.0.1 - - [");
                awaitDatagram(datagrams, "loomicorn.app.error: [" + worker + "] Error handling request GET /boom");
                m.signal("TERM");
                assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
                LoggingFileWatch.await(error, "Worker exiting (pid: " + worker + ")");
            }
        }
        assertThat(LoggingFileWatch.lines(appLog)).first().isEqualTo("APP INFO com.acme.app application configured log4j");
        assertThat(LoggingFileWatch.lines(appLog)).noneMatch(l -> l.contains("loomicorn"));
    }

    /**
     * logrotate with {@code create}: the files are moved, USR1 goes to the master, new lines
     * land in new files, and no access line is lost, under continuous load on two workers.
     */
    @Test
    void usr1ReopensTheLogFilesWithoutLosingALine(@TempDir Path dir) throws Exception {
        Path error = dir.resolve("error.log");
        Path access = dir.resolve("access.log");
        try (LoomicornProcess m = LoomicornProcess.start("-w", "2", "-k", "vthread", "-b", "127.0.0.1:0",
                "--error-logfile", error.toString(), "--access-logfile", access.toString(), DEMO)) {
            int port = LoggingFileWatch.port(error);
            List<Long> workers = LoggingFileWatch.workers(error, 2);
            AtomicBoolean running = new AtomicBoolean(true);
            List<String> answered = new CopyOnWriteArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                clients.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; running.get(); i++) {
                        String path = "/r/" + thread + "/" + i;
                        try {
                            if (get(port, path).status() == 404) {
                                answered.add(path);
                            } else {
                                failures.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            LoggingFileWatch.await(access, l -> l.contains("/r/"), 50, Duration.ofSeconds(30));
            Files.move(access, dir.resolve("access.log.1"));
            Files.move(error, dir.resolve("error.log.1"));
            m.signal("USR1");
            // Both workers have reopened once each writes to the new file.
            LoggingFileWatch.await(access, l -> l.contains("\"GET /r/"), 50, Duration.ofSeconds(30));
            Thread.sleep(500);
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
            m.signal("TERM");
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(failures).hasValue(0);

            List<String> before = LoggingFileWatch.lines(dir.resolve("access.log.1"));
            List<String> after = LoggingFileWatch.lines(access);
            assertThat(before).isNotEmpty();
            assertThat(after).isNotEmpty();
            List<String> logged = new ArrayList<>();
            for (String line : concat(before, after)) {
                Matcher p = Pattern.compile("\"GET (/r/\\d+/\\d+) HTTP/1.1\" 404 ").matcher(line);
                assertThat(p.find()).as("an intact access line: %s", line).isTrue();
                logged.add(p.group(1));
            }
            assertThat(logged).as("every answered request logged exactly once").containsExactlyInAnyOrderElementsOf(answered);

            String master = Long.toString(m.pid());
            assertThat(LoggingFileWatch.lines(dir.resolve("error.log.1")))
                    .anyMatch(l -> l.contains("[" + master + "] [INFO] [master] Handling signal: usr1"));
            List<String> newErrors = LoggingFileWatch.lines(error);
            assertThat(newErrors).anyMatch(l -> l.contains("[" + master + "] [INFO] [master] Shutting down: Master"));
            for (long w : workers) {
                assertThat(newErrors).anyMatch(l -> l.contains("[" + w + "] [INFO] [worker] Worker exiting (pid: " + w + ")"));
            }
        }
    }

    /** capture_output: what the application prints goes to the error log file; without it only stderr does. */
    @Test
    void captureOutputSendsTheApplicationsPrintsToTheErrorLog(@TempDir Path dir) throws Exception {
        Path error = dir.resolve("error.log");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--error-logfile", error.toString(),
                "--capture-output", "--classpath", E2E.TEST_CLASSES, "io.loomicorn.e2e.PrintingApp:APP")) {
            int port = LoggingFileWatch.port(error);
            LoggingFileWatch.workers(error, 1);
            assertThat(withRetry(() -> get(port, "/print?captured")).text()).isEqualTo("printed");
            LoggingFileWatch.await(error, "stdout captured");
            LoggingFileWatch.await(error, "stderr captured");
            assertThat(m.stdout()).doesNotContain("captured");
        }
        Path error2 = dir.resolve("error2.log");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--error-logfile", error2.toString(),
                "--classpath", E2E.TEST_CLASSES, "io.loomicorn.e2e.PrintingApp:APP")) {
            int port = LoggingFileWatch.port(error2);
            LoggingFileWatch.workers(error2, 1);
            assertThat(withRetry(() -> get(port, "/print?free")).text()).isEqualTo("printed");
            LoggingFileWatch.await(error2, "stderr free");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!m.stdout().contains("stdout free") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(m.stdout()).contains("stdout free");
            assertThat(LoggingFileWatch.lines(error2)).noneMatch(l -> l.contains("stdout free"));
        }
    }

    /** logconfig: a user's log4j2 XML file decides where and how the server's lines go. */
    @Test
    void logconfigReplacesTheBuiltInSetup(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("custom.log");
        Path xml = dir.resolve("log4j2.xml");
        Files.writeString(xml, """
                <Configuration status="WARN">
                  <Appenders>
                    <File name="f" fileName="%s"><PatternLayout pattern="CUSTOM ${sys:loomicorn.role} %%pid %%p %%c %%m%%n"/></File>
                  </Appenders>
                  <Loggers>
                    <Logger name="loomicorn.error" level="info" additivity="false"><AppenderRef ref="f"/></Logger>
                    <Logger name="loomicorn.access" level="info" additivity="false"><AppenderRef ref="f"/></Logger>
                    <Root level="warn"><AppenderRef ref="f"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(out));
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--log-config", xml.toString(),
                "--access-logformat", "%(m)s %(U)s %(s)s", DEMO)) {
            Matcher listening = Pattern.compile("Listening at: http://127.0.0.1:(\\d+) ")
                    .matcher(LoggingFileWatch.await(out, "Listening at: http://127.0.0.1:"));
            assertThat(listening.find()).isTrue();
            int port = Integer.parseInt(listening.group(1));
            String booting = LoggingFileWatch.await(out, "Booting worker with pid: ");
            long worker = Long.parseLong(booting.replaceAll(".*pid: (\\d+)$", "$1"));
            assertThat(booting).isEqualTo("CUSTOM worker " + worker + " INFO loomicorn.error Booting worker with pid: " + worker);
            assertThat(LoggingFileWatch.await(out, "Starting loomicorn")).startsWith("CUSTOM master " + m.pid() + " INFO loomicorn.error ");
            assertThat(withRetry(() -> get(port, "/nope")).status()).isEqualTo(404);
            LoggingFileWatch.await(out, "CUSTOM worker " + worker + " INFO loomicorn.access GET /nope 404");
            assertThat(m.log()).doesNotContain("Listening at");
        }
    }

    /**
     * XNIO logs through jboss-logging; in a reactor worker its lines are error-log lines in
     * the server's format (its INFO at DEBUG), and with a logconfig they follow that file.
     */
    @Test
    void xnioLinesAreErrorLogLinesAndFollowALogconfig(@TempDir Path dir) throws Exception {
        Path error = dir.resolve("error.log");
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-b", "127.0.0.1:0", "--log-level", "debug",
                "--error-logfile", error.toString(), DEMO)) {
            long worker = LoggingFileWatch.workers(error, 1).getFirst();
            String xnio = LoggingFileWatch.await(error, "XNIO version ");
            Matcher line = ERROR_LINE.matcher(xnio);
            assertThat(line.matches()).as(xnio).isTrue();
            assertThat(line.group(1)).isEqualTo(Long.toString(worker));
            assertThat(line.group(2)).isEqualTo("DEBUG");
            assertThat(line.group(3)).isEqualTo("worker");
            assertThat(line.group(4)).startsWith("XNIO version 3.");
        }
        Path out = dir.resolve("custom.log");
        Path xml = dir.resolve("log4j2.xml");
        Files.writeString(xml, """
                <Configuration status="WARN">
                  <Appenders>
                    <File name="f" fileName="%s"><PatternLayout pattern="CUSTOM ${sys:loomicorn.role} %%pid %%p %%c %%m%%n"/></File>
                  </Appenders>
                  <Loggers>
                    <Logger name="loomicorn.error" level="debug" additivity="false"><AppenderRef ref="f"/></Logger>
                    <Root level="warn"><AppenderRef ref="f"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(out));
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-b", "127.0.0.1:0", "--log-config",
                xml.toString(), DEMO)) {
            String booting = LoggingFileWatch.await(out, "Booting worker with pid: ");
            long worker = Long.parseLong(booting.replaceAll(".*pid: (\\d+)$", "$1"));
            assertThat(LoggingFileWatch.await(out, "XNIO version "))
                    .startsWith("CUSTOM worker " + worker + " DEBUG loomicorn.error XNIO version 3.");
        }
        Path info = dir.resolve("info.log");
        try (LoomicornProcess m = LoomicornProcess.start("-k", "reactor", "-b", "127.0.0.1:0",
                "--error-logfile", info.toString(), DEMO)) {
            LoggingFileWatch.await(info, "booted in"); // the master's line, once the worker serves
            assertThat(LoggingFileWatch.lines(info)).noneMatch(l -> l.contains("XNIO"));
        }
    }

    /** loglevel end to end: debug shows debug lines, warning hides info, an unknown level is refused. */
    @Test
    void logLevels(@TempDir Path dir) throws Exception {
        Path debug = dir.resolve("debug.log");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--log-level", "debug",
                "--error-logfile", debug.toString(), DEMO)) {
            LoggingFileWatch.port(debug);
            assertThat(LoggingFileWatch.await(debug, "Arbiter booted")).contains("[DEBUG] [master] Arbiter booted");
        }
        Path warning = dir.resolve("warning.log");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--log-level", "warning",
                "--error-logfile", warning.toString(), "--graceful-timeout", "1", DEMO)) {
            Thread.sleep(3000);
            m.signal("TERM");
            m.awaitExit(Duration.ofSeconds(30));
        }
        assertThat(LoggingFileWatch.lines(warning)).noneMatch(l -> l.contains("[INFO]"));
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--log-level", "verbose", DEMO)) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(m.log()).contains("verbose");
        }
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--error-logfile",
                dir.resolve("missing-dir").resolve("e.log").toString(), DEMO)) {
            assertThat(m.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(m.log()).contains("Error: cannot set up logging", "missing-dir");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String awaitStdout(LoomicornProcess m, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : m.stdout().split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no stdout line with " + text + ":\n" + m.stdout());
    }

    private static List<String> receiveInBackground(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(200);
        List<String> received = new CopyOnWriteArrayList<>();
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[65536];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    received.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                } catch (SocketTimeoutException e) {
                    // poll again
                } catch (IOException e) {
                    return;
                }
            }
        });
        return received;
    }

    private static String awaitDatagram(List<String> datagrams, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (String d : datagrams) {
                if (d.startsWith(prefix) || (!prefix.startsWith("<") && d.contains(prefix))) {
                    return d;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no datagram starting with " + prefix + "; received:\n" + String.join("\n", datagrams));
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T withRetry(IoCall<T> call) throws Exception {
        IOException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return call.call();
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }
}
