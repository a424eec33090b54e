package io.loomicorn.testing;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A Unix datagram socket that a test binds and reads, through libc (the JDK's channels have
 * no Unix datagrams): it plays systemd's {@code NOTIFY_SOCKET} or a statsd agent's socket.
 */
public final class UnixDatagramReceiver implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;
    private static final int SOCKADDR_UN_SIZE = 110;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = function("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = function("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECV = function("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle CLOSE = function("close", JAVA_INT, JAVA_INT);

    private final Path path;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(65536);

    private UnixDatagramReceiver(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Binds a datagram socket at a path.
     *
     * @param path where (its directory must exist; the file must not)
     * @return the receiver
     * @throws IOException if it cannot be bound
     */
    public static UnixDatagramReceiver bind(Path path) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket failed: errno " + (int) ERRNO.get(state, 0L));
            }
            byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
            MemorySegment address = a.allocate(SOCKADDR_UN_SIZE);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
            if ((int) BIND.invokeExact(state, fd, address, SOCKADDR_UN_SIZE) < 0) {
                int errno = (int) ERRNO.get(state, 0L);
                int ignored = (int) CLOSE.invokeExact(state, fd);
                throw new IOException("bind " + path + " failed: errno " + errno);
            }
            return new UnixDatagramReceiver(path, fd);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Returns the socket's path. */
    public Path path() {
        return path;
    }

    /**
     * Waits for the next datagram.
     *
     * @param timeout how long to wait
     * @return its text, or null if none came in time
     * @throws IOException if reading fails
     */
    public synchronized String receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            while (true) {
                long n = (long) RECV.invokeExact(state, fd, buffer, buffer.byteSize(), MSG_DONTWAIT);
                if (n >= 0) {
                    return new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                }
                int errno = (int) ERRNO.get(state, 0L);
                if (errno != EAGAIN) {
                    throw new IOException("recv failed: errno " + errno);
                }
                if (System.nanoTime() - deadline > 0) {
                    return null;
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(ERRNO_STATE), fd);
        } catch (Throwable t) {
            // nothing to do
        }
        arena.close();
        Files.deleteIfExists(path);
    }

    private static MethodHandle function(String name, ValueLayout result, ValueLayout... args) {
        MemorySegment fn = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(fn, FunctionDescriptor.of(result, args), Linker.Option.captureCallState("errno"));
    }
}
