package io.loomicorn.worker.reactor;

import io.loomicorn.examples.DemoApp;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graceful drain, forced close at the end of the grace period, and lingering close. */
class ReactorDrainTest {

    @Test
    void drainFinishesInFlightRequestsAnswersIdleConnectionsOnceAndStopsAccepting() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp());
             HttpTestClient idle = h.client(); HttpTestClient busy = h.client()) {
            assertThat(idle.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").header("Connection")).isNull();
            busy.send("GET /sleep?ms=1000 HTTP/1.1\r\nHost: x\r\n\r\n");
            h.awaitRunning();

            h.shutdown(Duration.ofSeconds(10));

            HttpResponse r = busy.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("slept 1000");
            assertThat(r.header("Connection")).as("a busy connection is told to close").isEqualTo("close");
            assertThat(busy.isClosedByServer()).isTrue();
            // An idle keep-alive connection is not closed on a timer (its client may be
            // sending right now): its next request is answered, with Connection: close.
            HttpResponse next = idle.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.header("Connection")).isEqualTo("close");
            assertThat(idle.isClosedByServer()).isTrue();
            assertThat(h.awaitStopped(Duration.ofSeconds(10))).isTrue();
            assertThatThrownBy(() -> HttpTestClient.connect("127.0.0.1", h.port, 2000))
                    .as("this process's listener is closed").isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theNextRequestOfAKeepAliveConnectionIsAnsweredWithConnectionClose() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            h.shutdown(Duration.ofSeconds(10));
            // Sent after the drain began: still served, then closed.
            Thread.sleep(1500);
            HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(h.awaitStopped(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aRequestLongerThanTheGracePeriodIsClosedAndRunReturns() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); HttpTestClient c = h.client()) {
            c.send("GET /sleep?ms=30000 HTTP/1.1\r\nHost: x\r\n\r\n");
            h.awaitRunning();
            long start = System.nanoTime();
            h.shutdown(Duration.ofSeconds(1));
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(h.awaitStopped(Duration.ofSeconds(15))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void closesLingeringSoThatTheClientReadsTheResponseOfAnUnreadBody() throws Exception {
        int length = 8 * 1024 * 1024;
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", h.port), 5000);
            s.setSoTimeout(10_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[length]);
                } catch (IOException expected) {
                    // the server stops reading after the response: a broken pipe here is fine
                }
            });
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nHello, World!");
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void answersABadRequestFollowedByMoreBytesWithoutAReset() throws Exception {
        try (ReactorHarness h = ReactorHarness.start(new DemoApp()); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", h.port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[100_000]);
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n");
        }
    }

}
