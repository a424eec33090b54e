package io.loomicorn.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDK internals and POSIX calls that the listener hand-off depends on; fails loudly on a JDK that changes them. */
class FdChannelsTest {

    @Test
    void selfTestPassesOnThisJdk() throws Exception {
        FdChannels.selfTest();
    }

    @Test
    void aTcpListenerSurvivesAHandOffOverScmRights() throws Exception {
        try (ServerSocketChannel original = ServerSocketChannel.open()) {
            original.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) original.getLocalAddress()).getPort();
            int[] pair = Posix.socketPair();
            try {
                int sent = Posix.sendFds(pair[0], "L".getBytes(StandardCharsets.US_ASCII),
                        new int[] {FdChannels.fd(original)});
                assertThat(sent).isEqualTo(1);
                Posix.Received got = Posix.receiveFds(pair[1], 16, 4);
                assertThat(new String(got.data(), StandardCharsets.US_ASCII)).isEqualTo("L");
                assertThat(got.fds()).hasSize(1);
                assertThat(got.fds()[0]).isNotEqualTo(FdChannels.fd(original));
                try (ServerSocketChannel adopted = FdChannels.adoptListener(got.fds()[0], StandardProtocolFamily.INET)) {
                    assertThat(((InetSocketAddress) adopted.getLocalAddress()).getPort()).isEqualTo(port);
                    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                         SocketChannel accepted = adopted.accept()) {
                        client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                        ByteBuffer buf = ByteBuffer.allocate(4);
                        while (buf.hasRemaining()) {
                            accepted.read(buf);
                        }
                        assertThat(new String(buf.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
                    }
                }
            } finally {
                Posix.close(pair[0]);
                Posix.close(pair[1]);
            }
        }
    }

    @Test
    void aUnixListenerCanBeAdoptedToo(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel original = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            original.bind(UnixDomainSocketAddress.of(path));
            int copy = Posix.dup(FdChannels.fd(original));
            try (ServerSocketChannel adopted = FdChannels.adoptListener(copy, StandardProtocolFamily.UNIX);
                 SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
                 SocketChannel accepted = adopted.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer one = ByteBuffer.allocate(1);
                accepted.read(one);
                assertThat(one.get(0)).isEqualTo((byte) 42);
            }
        }
    }

    @Test
    void killReportsAMissingProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertThat(Posix.kill(p.pid(), 0)).isFalse();
        assertThat(Posix.kill(ProcessHandle.current().pid(), 0)).isTrue();
    }

    @Test
    void readAndWriteCrossASocketPair() throws Exception {
        int[] pair = Posix.socketPair();
        try {
            Posix.write(pair[0], "hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
            byte[] buf = new byte[16];
            int n = Posix.read(pair[1], buf, 0, buf.length);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("hello");
            Posix.close(pair[0]);
            assertThat(Posix.read(pair[1], buf, 0, buf.length)).isEqualTo(-1);
        } finally {
            Posix.close(pair[1]);
        }
    }

    @Test
    void umaskReturnsThePreviousMask() {
        int previous = Posix.umask(0027);
        assertThat(Posix.umask(previous)).isEqualTo(0027);
    }


    @Test
    void usersAndGroupsAreLookedUp() {
        assertThat(Posix.user("root")).containsExactly(0, 0);
        assertThat(Posix.group("root")).isZero();
        assertThat(Posix.user("no-such-user-here")).isNull();
        assertThat(Posix.group("no-such-group-here")).isEqualTo(-1);
    }

    @Test
    void memfdIsSharedMemoryReachableThroughProc() throws Exception {
        int fd = Posix.memfd("test", 8);
        try (var ch = java.nio.channels.FileChannel.open(Path.of("/proc/self/fd/" + fd),
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            assertThat(ch.size()).isEqualTo(8);
        } finally {
            Posix.close(fd);
        }
    }
}
