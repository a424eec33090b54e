package io.loomicorn.logging;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** A bound Unix datagram socket, a stand-in for {@code /dev/log} (the JDK has none). */
final class UnixDatagramReceiver implements AutoCloseable {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKET = fn("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = fn("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECV = fn("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle CLOSE = fn("close", JAVA_INT, JAVA_INT);

    private final int fd;

    UnixDatagramReceiver(Path path) throws Throwable {
        fd = (int) SOCKET.invokeExact(1 /* AF_UNIX */, 2 /* SOCK_DGRAM */, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(110);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
            byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
            if ((int) BIND.invokeExact(fd, addr, 110) != 0) {
                throw new IOException("bind " + path);
            }
        }
    }

    /** Waits up to five seconds for a datagram. */
    String receive() throws Throwable {
        long deadline = System.nanoTime() + 5_000_000_000L;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(65536);
            while (System.nanoTime() < deadline) {
                long n = (long) RECV.invokeExact(fd, buf, 65536L, 0x40 /* MSG_DONTWAIT */);
                if (n >= 0) {
                    return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("no datagram");
    }

    @Override
    public void close() throws Exception {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }

    private static MethodHandle fn(String name, ValueLayout result, ValueLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), FunctionDescriptor.of(result, args));
    }
}
