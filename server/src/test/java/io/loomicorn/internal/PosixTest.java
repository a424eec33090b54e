package io.loomicorn.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every POSIX call through the one downcall shape: arguments, results and errno arrive intact. */
class PosixTest {

    @Test
    void aFailedCallNamesErrnoAndItsMessage() {
        assertThatThrownBy(() -> Posix.close(-1))
                .isInstanceOf(IOException.class)
                .hasMessage("close failed: Bad file descriptor (errno 9)");
        assertThatThrownBy(() -> Posix.openReadWrite("/no/such/file"))
                .hasMessage("open(/no/such/file) failed: No such file or directory (errno 2)");
    }

    @Test
    void killSaysWhetherTheProcessExists() throws Exception {
        assertThat(Posix.kill(ProcessHandle.current().pid(), 0)).isTrue();
        assertThat(Posix.kill(Integer.MAX_VALUE, 0)).isFalse();
    }

    @Test
    void readAndWriteCarryBytesThroughASocketPair() throws Exception {
        int[] pair = Posix.socketPair();
        try {
            byte[] data = "hello, worker".getBytes(StandardCharsets.US_ASCII);
            Posix.write(pair[0], data, 7, 6);
            byte[] got = new byte[16];
            int n = Posix.read(pair[1], got, 2, 14);
            assertThat(new String(got, 2, n, StandardCharsets.US_ASCII)).isEqualTo("worker");
            Posix.close(pair[0]);
            assertThat(Posix.read(pair[1], got, 0, 16)).isEqualTo(-1);
        } finally {
            Posix.close(pair[1]);
        }
    }

    @Test
    void dupAndDup2GiveTheSameFile() throws Exception {
        int fd = Posix.openReadWrite("/dev/null");
        int copy = Posix.dup(fd);
        assertThat(copy).isNotEqualTo(fd).isPositive();
        Posix.dup2(fd, copy);
        Posix.close(copy);
        Posix.close(fd);
        assertThatThrownBy(() -> Posix.close(fd)).hasMessageContaining("errno 9");
    }

    @Test
    void umaskReturnsThePreviousMask() {
        int previous = Posix.umask(0027);
        try {
            assertThat(Posix.umask(0022)).isEqualTo(0027);
        } finally {
            Posix.umask(previous);
        }
    }

    @Test
    void usersAndGroupsAreLookedUp() {
        assertThat(Posix.user("root")).containsExactly(0, 0);
        assertThat(Posix.group("root")).isZero();
        assertThat(Posix.user("no-such-user-loomicorn")).isNull();
        assertThat(Posix.group("no-such-group-loomicorn")).isEqualTo(-1);
        assertThat(Posix.getuid()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void memfdHasTheSizeAskedForAndFchownKeepsTheOwnerWithMinusOne() throws Exception {
        int fd = Posix.memfd("loomicorn-test", 12_345);
        try {
            Posix.fchown(fd, -1, -1);
            assertThat(Files.size(Path.of("/proc/self/fd/" + fd))).isEqualTo(12_345);
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void socketFamilyTellsAListeningSocketFromAnyOtherDescriptor() throws Exception {
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(Posix.socketFamily(FdChannels.fd(ch))).isIn(Posix.Family.INET, Posix.Family.INET6);
        }
        int fd = Posix.openReadWrite("/dev/null");
        try {
            assertThatThrownBy(() -> Posix.socketFamily(fd)).hasMessageContaining("errno 88");
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void defaultDispositionAcceptsASignal() throws Exception {
        Posix.defaultDisposition(Posix.SIGTTIN);
    }
}
