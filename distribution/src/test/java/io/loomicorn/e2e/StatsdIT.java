package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import io.loomicorn.testing.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * statsd (issue 15, section 3): gunicorn's metric names, under {@code statsd_prefix}, with
 * {@code dogstatsd_tags}, at a UDP statsd server played by the test; a Unix datagram socket;
 * and a server that is down.
 */
class StatsdIT {

    private static final String DEMO = "io.loomicorn.examples.DemoApp";
    private static final Pattern TIMER = Pattern.compile("app\\.gunicorn\\.request\\.duration:\\d+\\.\\d+\\|ms\\|#env:test");

    /** Every statsd line received, in order. */
    private final List<String> lines = new ArrayList<>();

    @Test
    void gunicornsMetricsReachAUdpStatsdServerUnderThePrefixWithTheTags() throws Exception {
        try (DatagramSocket statsd = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-w", "2", "-k", "vthread",
                     "--statsd-host", "127.0.0.1:" + statsd.getLocalPort(), "--statsd-prefix", "app",
                     "--dogstatsd-tags", "env:test", DEMO)) {
            statsd.setSoTimeout(200);
            int port = m.awaitPort();
            m.awaitWorkers(2);
            int ok = 0;
            while (true) {
                try {
                    assertThat(get(port, "/").status()).isEqualTo(200);
                    ok++;
                    break;
                } catch (IOException e) {
                    Thread.sleep(100); // not accepting yet
                }
            }
            for (int i = 0; i < 20; i++) {
                assertThat(get(port, "/").status()).isEqualTo(200);
                ok++;
            }
            for (int i = 0; i < 3; i++) {
                assertThat(get(port, "/missing").status()).isEqualTo(404);
            }
            assertThat(get(port, "/fail").status()).isEqualTo(500);
            int total = ok + 4;

            receiveUntil(statsd, () -> sum("app.gunicorn.requests:") == total && count(TIMER) == total
                    && lines.stream().anyMatch(l -> l.equals("app.gunicorn.workers:2|g|#env:test")), Duration.ofSeconds(30));

            assertThat(lines).allMatch(l -> l.startsWith("app.gunicorn.") && l.endsWith("|#env:test"));
            assertThat(sum("app.gunicorn.request.status.200:")).isEqualTo(ok);
            assertThat(sum("app.gunicorn.request.status.404:")).isEqualTo(3);
            assertThat(sum("app.gunicorn.request.status.500:")).isEqualTo(1);
            assertThat(lines).filteredOn(l -> l.startsWith("app.gunicorn.requests:"))
                    .allMatch(l -> l.matches("app\\.gunicorn\\.requests:\\d+\\|c\\|@1\\.0\\|#env:test"));
            receiveUntil(statsd, () -> sum("app.gunicorn.log.exception:") == 1, Duration.ofSeconds(10));
        }
    }

    @Test
    void aUnixDatagramStatsdSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("statsd.sock");
        try (UnixDatagramReceiver statsd = UnixDatagramReceiver.bind(socket);
             LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-w", "1", "--statsd-host", "unix:" + socket,
                     DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            MasterIT.withRetry(() -> get(port, "/"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sum("gunicorn.requests:") < 1 && System.nanoTime() - deadline < 0) {
                String datagram = statsd.receive(Duration.ofMillis(500));
                if (datagram != null) {
                    lines.addAll(datagram.lines().toList());
                }
            }
            assertThat(sum("gunicorn.requests:")).isEqualTo(1);
            assertThat(lines).contains("gunicorn.request.status.200:1|c|@1.0", "gunicorn.workers:1|g");
        }
    }

    @Test
    void aStatsdServerThatIsDownCostsTheRequestsNothing() throws Exception {
        int closed;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-w", "1", "-k", "vthread",
                "--statsd-host", "127.0.0.1:" + closed, DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            MasterIT.withRetry(() -> get(port, "/"));
            for (int i = 0; i < 200; i++) {
                assertThat(get(port, "/").status()).isEqualTo(200);
            }
            Thread.sleep(2500); // two turns of the reporter against the closed port
            assertThat(get(port, "/").status()).isEqualTo(200);
            assertThat(m.log()).doesNotContain("[ERROR]", "[WARNING]");
        }
    }

    private void receiveUntil(DatagramSocket statsd, java.util.function.BooleanSupplier done, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[65536];
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("statsd lines so far: %s", lines).isNegative();
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                statsd.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            lines.addAll(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII).lines().toList());
        }
    }

    /** Sums the values of the counter lines that start with {@code name}. */
    private long sum(String name) {
        return lines.stream().filter(l -> l.startsWith(name))
                .mapToLong(l -> Long.parseLong(l.substring(name.length(), l.indexOf('|')))).sum();
    }

    private long count(Pattern pattern) {
        return lines.stream().filter(l -> pattern.matcher(l).matches()).count();
    }
}
