package io.loomicorn.logging;

import io.loomicorn.testing.UnixDatagramReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Syslog lines in gunicorn's shape, over every transport. */
class SyslogTest {

    private static final String PID = Long.toString(LoggingFixture.PID);

    @AfterEach
    void reset() {
        LoggingFixture.reset();
    }

    private static LogSetup setup(Path dir, SyslogAddress address, int facility, boolean redirectAccess) {
        return LoggingFixture.withSyslog(
                LoggingFixture.withAccess(LoggingFixture.errorOnly(dir.resolve("error.log")), null, "%(m)s %(U)s %(s)s", false),
                new LogSetup.Syslog(address, facility, "my:app", redirectAccess));
    }

    @Test
    void udpCarriesFacilitySeverityTagPidAndMessage(@TempDir Path dir) throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(5000);
            Logging.apply(setup(dir, new SyslogAddress.Udp("127.0.0.1", receiver.getLocalPort()), SyslogFacility.code("local3"), true));
            ServerLog.ERROR.info("Booting worker with pid: {}", 99);
            assertThat(receive(receiver)).isEqualTo("<158>loomicorn.my.app.error: [" + PID + "] Booting worker with pid: 99");
            ServerLog.ERROR.warn("careful");
            assertThat(receive(receiver)).isEqualTo("<156>loomicorn.my.app.error: [" + PID + "] careful");
            ServerLog.ERROR.error("failed", new IllegalStateException("boom"));
            String withTrace = receive(receiver);
            assertThat(withTrace).startsWith("<155>loomicorn.my.app.error: [" + PID + "] failed\njava.lang.IllegalStateException: boom\n\tat ");
            ServerLog.ERROR.fatal("WORKER TIMEOUT (pid:1)");
            assertThat(receive(receiver)).startsWith("<154>");
            LoggingFixture.logRequest("/x", 404);
            assertThat(receive(receiver)).isEqualTo("<158>loomicorn.my.app.access: [" + PID + "] GET /a b 404");
        }
    }

    @Test
    void accessLinesStayOutWhenRedirectIsDisabled(@TempDir Path dir) throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(5000);
            Logging.apply(setup(dir, new SyslogAddress.Udp("127.0.0.1", receiver.getLocalPort()), 1, false));
            assertThat(Logging.accessLog()).isSameAs(AccessLog.NONE);
            ServerLog.ERROR.info("only this");
            assertThat(receive(receiver)).isEqualTo("<14>loomicorn.my.app.error: [" + PID + "] only this");
        }
    }

    @Test
    void tcpFramesEachMessageWithALineFeed(@TempDir Path dir) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            Logging.apply(setup(dir, new SyslogAddress.Tcp("127.0.0.1", server.getLocalPort()), 3, true));
            ServerLog.ERROR.info("one");
            ServerLog.ERROR.info("two");
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(r.readLine()).isEqualTo("<30>loomicorn.my.app.error: [" + PID + "] one");
                assertThat(r.readLine()).isEqualTo("<30>loomicorn.my.app.error: [" + PID + "] two");
            }
        }
    }

    @Test
    void unixStreamSocket(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("log.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            // No #stream: the transport finds out that this socket is a stream socket.
            Logging.apply(setup(dir, SyslogAddress.parse("unix://" + path), 1, true));
            ServerLog.ERROR.info("over a unix stream");
            try (SocketChannel ch = server.accept()) {
                BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                assertThat(r.readLine()).isEqualTo("<14>loomicorn.my.app.error: [" + PID + "] over a unix stream");
            }
        }
    }

    @Test
    void unixDatagramSocket(@TempDir Path dir) throws Throwable {
        Path path = dir.resolve("dev-log");
        try (UnixDatagramReceiver receiver = UnixDatagramReceiver.bind(path)) {
            Logging.apply(setup(dir, SyslogAddress.parse("unix://" + path), 0, true));
            ServerLog.ERROR.info("over a unix datagram");
            assertThat(receiver.receive(Duration.ofSeconds(5))).isEqualTo("<6>loomicorn.my.app.error: [" + PID + "] over a unix datagram");
            LoggingFixture.logRequest("/y", 200);
            assertThat(receiver.receive(Duration.ofSeconds(5))).isEqualTo("<6>loomicorn.my.app.access: [" + PID + "] GET /a b 200");
        }
    }

    @Test
    void anAbsentReceiverNeverFailsLogging(@TempDir Path dir) throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Logging.apply(setup(dir, new SyslogAddress.Udp("127.0.0.1", port), 1, true));
        Logging.apply(setup(dir, new SyslogAddress.Tcp("127.0.0.1", port), 1, true));
        for (int i = 0; i < 3; i++) {
            ServerLog.ERROR.info("still fine {}", i);
            LoggingFixture.logRequest("/z", 200);
        }
        assertThat(LoggingFixture.lines(dir.resolve("error.log"))).anyMatch(l -> l.endsWith("still fine 2"));
    }

    @Test
    void addressesParse() {
        assertThat(SyslogAddress.parse("udp://localhost:514")).isEqualTo(new SyslogAddress.Udp("localhost", 514));
        assertThat(SyslogAddress.parse("tcp://[::1]:601")).isEqualTo(new SyslogAddress.Tcp("::1", 601));
        assertThat(SyslogAddress.parse("unix:///dev/log")).isEqualTo(new SyslogAddress.Unix(Path.of("/dev/log"), null));
        assertThat(SyslogAddress.parse("unix:///run/x#stream")).isEqualTo(new SyslogAddress.Unix(Path.of("/run/x"), "stream"));
        assertThat(SyslogFacility.code("user")).isEqualTo(1);
        assertThat(SyslogFacility.code("security")).isEqualTo(4);
        assertThat(SyslogFacility.code("local7")).isEqualTo(23);
        assertThat(SyslogTarget.tag("pkg.Main:app", "access")).isEqualTo("loomicorn.pkg.Main.app.access");
    }

    private static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }
}
