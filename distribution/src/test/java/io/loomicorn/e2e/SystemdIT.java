package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import io.loomicorn.testing.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unit pair of {@code docs/systemd/} (issue 15, section 4), run as systemd would run it:
 * {@code systemd-analyze verify} reads the units; the test creates the notify socket,
 * {@code systemd-socket-activate} binds the {@code .socket} unit's address and execs the
 * {@code .service} unit's {@code ExecStart} on the first connection, with
 * {@code LISTEN_FDS}, {@code NOTIFY_SOCKET} and {@code WATCHDOG_USEC}, and the test sends
 * what {@code ExecReload} and {@code systemctl stop} send.
 */
class SystemdIT {

    private static final Path UNITS = Path.of(System.getProperty("loomicorn.projectRoot", "..")).resolve("docs/systemd");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    /** The units with the install paths pointed at this build: the JDK, the distribution, a config file. */
    private Path install(String unit, String address) throws Exception {
        Path dist = Path.of(LoomicornProcess.classPath().replace("/*", "")).getParent();
        String text = Files.readString(UNITS.resolve(unit))
                .replace("/usr/bin/java", JAVA)
                .replace("/opt/loomicorn", dist.toString())
                .replace("/etc/loomicorn/loomicorn.conf", dir.resolve("loomicorn.conf").toString())
                .replace("127.0.0.1:8000", address);
        Path file = dir.resolve(unit);
        Files.writeString(file, text);
        return file;
    }

    private static String directive(Path unit, String name) throws Exception {
        return Files.readAllLines(unit).stream().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError(unit + " has no " + name));
    }

    @Test
    void theUnitsPassSystemdAnalyzeVerify() throws Exception {
        Path socket = install("loomicorn.socket", "127.0.0.1:8000");
        Path service = install("loomicorn.service", "127.0.0.1:8000");
        Ops.Run verify = Ops.run(List.of("systemd-analyze", "verify", socket.toString(), service.toString()), null);
        assertThat(verify.code()).isZero();
        assertThat(verify.out() + verify.err()).as("systemd-analyze's warnings").isEmpty();
        assertThat(directive(service, "Type")).isEqualTo("notify");
        assertThat(Integer.parseInt(directive(service, "TimeoutStopSec"))).as("above graceful_timeout").isGreaterThan(30);
    }

    @Test
    void theSocketActivatedServiceNotifiesReadyReloadingWatchdogAndStopping() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        Path socketUnit = install("loomicorn.socket", address);
        Path service = install("loomicorn.service", address);
        Files.writeString(dir.resolve("loomicorn.conf"), """
                wsgi_app = "io.loomicorn.examples.DemoApp"
                worker_class = "vthread"
                workers = 2
                bind = ["127.0.0.1:1"]
                """);
        List<String> command = new ArrayList<>(List.of("systemd-socket-activate", "-l", directive(socketUnit, "ListenStream")));
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(dir.resolve("notify"))) {
            command.addAll(List.of("-E", "NOTIFY_SOCKET=" + systemd.path(), "-E", "WATCHDOG_USEC=2000000"));
            command.addAll(Arrays.asList(directive(service, "ExecStart").split(" ")));
            try (LoomicornProcess m = LoomicornProcess.startCommand(command, Map.of())) {
                // The first connection starts the service; it waits in the socket's queue meanwhile.
                try (HttpTestClient c = connectOnceBound(port)) {
                    HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    assertThat(r.status()).isEqualTo(200);
                }
                assertThat(m.log()).contains("Listening at: http://" + address).doesNotContain("127.0.0.1:1 ");

                List<String> received = new ArrayList<>();
                String ready = until(systemd, received, "READY=1", Duration.ofSeconds(60));
                assertThat(ready).isEqualTo("READY=1\nSTATUS=Serving: 2 workers (generation 0)");
                assertThat(received.getFirst()).startsWith("STATUS=Booting: 0 of 2 workers ready");
                long watchdogs = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < deadline) {
                    if ("WATCHDOG=1".equals(systemd.receive(Duration.ofMillis(200)))) {
                        watchdogs++;
                    }
                }
                assertThat(watchdogs).as("every WATCHDOG_USEC / 2 = 1 s").isBetween(3L, 7L);

                String reload = directive(service, "ExecReload").replace("$MAINPID", Long.toString(m.pid()));
                assertThat(Ops.run(Arrays.asList(reload.split(" ")), null).code()).isZero();
                String reloading = until(systemd, received, "RELOADING=1", Duration.ofSeconds(10));
                assertThat(reloading).matches("RELOADING=1\nMONOTONIC_USEC=\\d+");
                assertThat(until(systemd, received, "READY=1", Duration.ofSeconds(90)))
                        .isEqualTo("READY=1\nSTATUS=Serving: 2 workers (generation 1)");

                m.signal("TERM"); // systemctl stop: KillSignal=SIGTERM to the main process (KillMode=mixed)
                assertThat(until(systemd, received, "STOPPING=1", Duration.ofSeconds(10))).startsWith("STOPPING=1\n");
                assertThat(m.awaitExit(Duration.ofSeconds(40))).isZero();
            }
        }
    }

    /** Receives notifications until one contains {@code text}, and returns it. */
    private static String until(UnixDatagramReceiver systemd, List<String> received, String text, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String message = systemd.receive(Duration.ofMillis(200));
            if (message == null || message.equals("WATCHDOG=1")) {
                continue;
            }
            received.add(message);
            if (message.contains(text)) {
                return message;
            }
        }
        throw new AssertionError("no notification with " + text + "; received " + received);
    }

    /**
     * Connects once systemd-socket-activate has bound the port (refused until then); the
     * connection then waits in the socket's queue while the service starts.
     */
    private static HttpTestClient connectOnceBound(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return HttpTestClient.connect("127.0.0.1", port, 120_000);
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
