package io.loomicorn.logging;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Datagrams to a Unix socket, which the JDK's channels do not offer (they support Unix
 * stream sockets only), through libc with the FFM API: syslog ({@code /dev/log}), systemd's
 * {@code NOTIFY_SOCKET} and a statsd agent's socket.
 *
 * <p>Each message is one {@code sendto} with {@code MSG_DONTWAIT}: if the receiver
 * falls behind, messages are dropped rather than the server blocked. The address is
 * given on every send, so a restarted receiver is reached without reconnecting.
 */
public final class UnixDatagram implements SyslogTransport {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int EPROTOTYPE = 91;
    /** {@code sizeof(struct sockaddr_un)} on Linux: a 2-byte family and 108 bytes of path. */
    private static final int SOCKADDR_UN_SIZE = 110;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = function("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CONNECT = function("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SENDTO = function("sendto", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle CLOSE = function("close", JAVA_INT, JAVA_INT);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment address;
    private final int addressLength;
    private final String path;
    private int fd;

    /**
     * Creates the socket.
     *
     * @param path the syslog socket
     * @throws IOException if no socket can be created or the path is too long
     */
    UnixDatagram(Path path) throws IOException {
        this.path = path.toString();
        this.address = sockaddr(arena, path);
        this.addressLength = SOCKADDR_UN_SIZE;
        this.fd = socket();
    }

    private UnixDatagram(String abstractName) throws IOException {
        this.path = abstractName;
        byte[] name = abstractName.substring(1).getBytes(StandardCharsets.UTF_8);
        if (name.length + 1 > SOCKADDR_UN_SIZE - 2) {
            throw new IOException("socket name too long: " + abstractName);
        }
        MemorySegment s = arena.allocate(SOCKADDR_UN_SIZE);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        // Byte 2 stays 0: an abstract name, whose length is part of the address.
        MemorySegment.copy(name, 0, s, ValueLayout.JAVA_BYTE, 3, name.length);
        this.address = s;
        this.addressLength = 3 + name.length;
        this.fd = socket();
    }

    /**
     * Opens a socket that sends to a Unix datagram socket.
     *
     * @param address a path, or {@code @NAME} for a name in Linux's abstract namespace (as
     *                systemd writes {@code NOTIFY_SOCKET})
     * @return the socket
     * @throws IOException if no socket can be created or the address is too long
     */
    public static UnixDatagram to(String address) throws IOException {
        return address.startsWith("@") ? new UnixDatagram(address) : new UnixDatagram(Path.of(address));
    }

    /**
     * Tells whether the socket at {@code path} is a stream socket: connecting a datagram
     * socket to it fails with {@code EPROTOTYPE}. Any other outcome (a datagram socket, or
     * nothing there yet) counts as datagram, the usual type of {@code /dev/log}.
     */
    static boolean isStreamSocket(Path path) throws IOException {
        int probe = socket();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            int r = (int) CONNECT.invokeExact(state, probe, sockaddr(a, path), SOCKADDR_UN_SIZE);
            return r < 0 && (int) ERRNO.get(state, 0L) == EPROTOTYPE;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            closeFd(probe);
        }
    }

    /**
     * Sends one datagram, without waiting: a receiver that is gone or full makes it fail.
     *
     * @param message the datagram (cut at 65,000 bytes)
     * @throws IOException if it could not be sent
     */
    @Override
    public synchronized void send(byte[] message) throws IOException {
        if (fd < 0) {
            throw new IOException("closed");
        }
        int len = Math.min(message.length, MAX_DATAGRAM);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            MemorySegment data = a.allocate(len);
            MemorySegment.copy(message, 0, data, ValueLayout.JAVA_BYTE, 0, len);
            long r = (long) SENDTO.invokeExact(state, fd, data, (long) len, MSG_DONTWAIT | MSG_NOSIGNAL,
                    address, addressLength);
            if (r < 0) {
                throw new IOException("sendto(" + path + ") failed: errno " + (int) ERRNO.get(state, 0L));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Closes the socket. */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            closeFd(fd);
            fd = -1;
            arena.close();
        }
    }

    private static int socket() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            int s = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (s < 0) {
                throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + (int) ERRNO.get(state, 0L));
            }
            return s;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment sockaddr(Arena arena, Path path) throws IOException {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SOCKADDR_UN_SIZE - 2) {
            throw new IOException("syslog socket path too long: " + path);
        }
        MemorySegment s = arena.allocate(SOCKADDR_UN_SIZE);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 2, bytes.length);
        return s;
    }

    private static void closeFd(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(ERRNO_STATE), fd);
        } catch (Throwable t) {
            // nothing to do
        }
    }

    private static MethodHandle function(String name, ValueLayout result, ValueLayout... args) {
        MemorySegment fn = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(fn, FunctionDescriptor.of(result, args), Linker.Option.captureCallState("errno"));
    }
}
