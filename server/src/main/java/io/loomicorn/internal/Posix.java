package io.loomicorn.internal;

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

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few POSIX calls the JDK does not offer, through the FFM API (Linux, 64-bit).
 *
 * <p>The JDK's process launcher closes every descriptor above 2 in a child, and
 * {@code System.inheritedChannel()} looks only at descriptor 0. So the master hands
 * each worker one end of a Unix socket pair on descriptor 0 and sends the listening
 * sockets over it as {@code SCM_RIGHTS} ancillary data; this class holds those calls,
 * plus {@code kill} (the JDK sends only TERM and KILL), {@code umask} and the user
 * switch of workers.
 *
 * <p>Every call reports failure as an {@link IOException} naming the call and
 * {@code errno}'s message.
 */
public final class Posix {

    /** Signal numbers of Linux. */
    public static final int SIGHUP = 1;
    /** Interrupt: fast shutdown. */
    public static final int SIGINT = 2;
    /** Quit: the JVM prints a thread dump. */
    public static final int SIGQUIT = 3;
    /** Kill. */
    public static final int SIGKILL = 9;
    /** User signal 1: reopen log files. */
    public static final int SIGUSR1 = 10;
    /** Terminate: graceful shutdown. */
    public static final int SIGTERM = 15;
    /** One more worker. */
    public static final int SIGTTIN = 21;
    /** One fewer worker. */
    public static final int SIGTTOU = 22;

    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int ESRCH = 3;
    private static final int EINTR = 4;

    // struct iovec { void *iov_base; size_t iov_len; }
    private static final StructLayout IOVEC = MemoryLayout.structLayout(ADDRESS.withName("base"), JAVA_LONG.withName("len"));
    // struct msghdr on LP64 Linux.
    private static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("name"), JAVA_INT.withName("namelen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("iov"), JAVA_LONG.withName("iovlen"),
            ADDRESS.withName("control"), JAVA_LONG.withName("controllen"),
            JAVA_INT.withName("flags"), MemoryLayout.paddingLayout(4));
    // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; unsigned char data[]; }
    private static final long CMSG_HEADER = 16;

    /** The FFM linker and its one downcall handle. */
    private static final class Link {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        /**
         * The one downcall handle every call goes through: {@code long f(long, long, long, long, long)},
         * with the function's address as its first argument and {@code errno} captured. The JDK
         * spins a stub and a few dozen lambda forms for each distinct shape it links, which took a
         * master 5-30 ms per shape at start (8 shapes before its first workers were serving). On
         * LP64 Linux (x86-64 and AArch64 alike) every argument these functions take, int, pointer
         * or size, travels in its own 64-bit register, so passing each as a long is exact (the
         * callee reads the low 32 bits of an int); arguments a function does not take are left in
         * registers it never reads; and a function returning int leaves its value in the low 32 bits
         * of the result, hence the {@code (int)} casts.
         */
        private static final MethodHandle CALL = LINKER.downcallHandle(
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.captureCallState("errno"));
    }

    /** The libc functions called, each looked up once, when this class is first used. */
    private enum Fn {
        KILL("kill"), DUP("dup"), DUP2("dup2"), CLOSE("close"), OPEN("open"), SOCKETPAIR("socketpair"),
        SENDMSG("sendmsg"), RECVMSG("recvmsg"), READ("read"), WRITE("write"), SIGNAL("signal"), UMASK("umask"),
        SETUID("setuid"), SETGID("setgid"), SETGROUPS("setgroups"), GETUID("getuid"), FCHOWN("fchown"),
        GETSOCKNAME("getsockname"), GETSOCKOPT("getsockopt"), MEMFD_CREATE("memfd_create"), FTRUNCATE("ftruncate"),
        GETPWNAM("getpwnam"), GETGRNAM("getgrnam"), STRERROR("strerror");

        final MemorySegment address;

        Fn(String name) {
            address = Link.LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        }
    }

    private Posix() {
    }

    /** Calls {@code fn} with up to five arguments (unused ones 0); {@code errno} lands in {@code state}. */
    private static long call(Fn fn, MemorySegment state, long a, long b, long c, long d, long e) throws Throwable {
        return (long) Link.CALL.invokeExact(fn.address, state, a, b, c, d, e);
    }

    private static long call(Fn fn, MemorySegment state, long a, long b, long c) throws Throwable {
        return call(fn, state, a, b, c, 0L, 0L);
    }

    /**
     * Sends a signal.
     *
     * @param pid    the process
     * @param signal the signal number
     * @return {@code false} if the process no longer exists
     * @throws IOException for any other failure (e.g. permission)
     */
    public static boolean kill(long pid, int signal) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            int r = (int) call(Fn.KILL, state, pid, signal, 0L);
            if (r == 0) {
                return true;
            }
            int errno = errno(state);
            if (errno == ESRCH) {
                return false;
            }
            throw failure("kill(" + pid + ", " + signal + ")", errno);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Duplicates a descriptor onto the lowest free number.
     *
     * @param fd the descriptor
     * @return the new descriptor
     * @throws IOException on failure
     */
    public static int dup(int fd) throws IOException {
        return intCall(Fn.DUP, "dup", fd, 0);
    }

    /**
     * Duplicates a descriptor onto {@code target}, closing what {@code target} held.
     *
     * @param fd     the descriptor
     * @param target the number it should also have
     * @throws IOException on failure
     */
    public static void dup2(int fd, int target) throws IOException {
        intCall(Fn.DUP2, "dup2", fd, target);
    }

    /**
     * Closes a descriptor.
     *
     * @param fd the descriptor
     * @throws IOException on failure
     */
    public static void close(int fd) throws IOException {
        intCall(Fn.CLOSE, "close", fd, 0);
    }

    /**
     * Opens a file read-write (for {@code /dev/null}).
     *
     * @param path the file
     * @return the descriptor
     * @throws IOException on failure
     */
    public static int openReadWrite(String path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            int fd = (int) call(Fn.OPEN, state, arena.allocateFrom(path).address(), 2 /* O_RDWR */ | 0x80000 /* O_CLOEXEC */, 0L);
            if (fd < 0) {
                throw failure("open(" + path + ")", errno(state));
            }
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Creates a connected pair of Unix stream sockets, close-on-exec.
     *
     * @return the two descriptors
     * @throws IOException on failure
     */
    public static int[] socketPair() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int r = (int) call(Fn.SOCKETPAIR, state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0L, fds.address(), 0L);
            if (r != 0) {
                throw failure("socketpair", errno(state));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Sends bytes and descriptors in one message on a Unix socket.
     *
     * @param socket  the socket
     * @param data    at least one byte of payload (Linux drops ancillary data sent alone)
     * @param fds     the descriptors to pass
     * @return the number of payload bytes sent (the rest must be sent with {@link #write})
     * @throws IOException on failure
     */
    public static int sendFds(int socket, byte[] data, int[] fds) throws IOException {
        if (data.length == 0) {
            throw new IllegalArgumentException("SCM_RIGHTS needs at least one byte of payload");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            MemorySegment buf = arena.allocate(data.length);
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment iov = arena.allocate(IOVEC);
            iov.set(ADDRESS, 0, buf);
            iov.set(JAVA_LONG, 8, data.length);
            long dataLen = 4L * fds.length;
            long space = CMSG_HEADER + align8(dataLen);
            MemorySegment control = fds.length == 0 ? MemorySegment.NULL : arena.allocate(space, 8);
            if (fds.length > 0) {
                control.set(JAVA_LONG, 0, CMSG_HEADER + dataLen);
                control.set(JAVA_INT, 8, SOL_SOCKET);
                control.set(JAVA_INT, 12, SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) {
                    control.set(JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
                }
            }
            MemorySegment msg = arena.allocate(MSGHDR);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, fds.length == 0 ? 0 : space);
            while (true) {
                long n = call(Fn.SENDMSG, state, socket, msg.address(), 0L);
                if (n >= 0) {
                    return (int) n;
                }
                int errno = errno(state);
                if (errno != EINTR) {
                    throw failure("sendmsg", errno);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** What {@link #receiveFds} read: payload bytes and the descriptors that came with them. */
    public record Received(byte[] data, int[] fds) {
    }

    /**
     * Receives one message with up to {@code maxFds} descriptors; they arrive close-on-exec.
     *
     * @param socket  the socket
     * @param maxData the most payload bytes to read
     * @param maxFds  the most descriptors expected
     * @return the payload (empty at end of stream) and the descriptors
     * @throws IOException on failure, or if descriptors were truncated
     */
    public static Received receiveFds(int socket, int maxData, int maxFds) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            MemorySegment buf = arena.allocate(maxData);
            MemorySegment iov = arena.allocate(IOVEC);
            iov.set(ADDRESS, 0, buf);
            iov.set(JAVA_LONG, 8, maxData);
            long space = CMSG_HEADER + align8(4L * maxFds);
            MemorySegment control = arena.allocate(space, 8);
            MemorySegment msg = arena.allocate(MSGHDR);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, space);
            long n;
            while (true) {
                n = call(Fn.RECVMSG, state, socket, msg.address(), MSG_CMSG_CLOEXEC);
                if (n >= 0) {
                    break;
                }
                int errno = errno(state);
                if (errno != EINTR) {
                    throw failure("recvmsg", errno);
                }
            }
            if ((msg.get(JAVA_INT, 48) & 0x8 /* MSG_CTRUNC */) != 0) {
                throw new IOException("recvmsg: more descriptors arrived than the " + maxFds + " expected");
            }
            long controlLen = msg.get(JAVA_LONG, 40);
            int[] fds = new int[0];
            if (controlLen >= CMSG_HEADER && control.get(JAVA_INT, 8) == SOL_SOCKET
                    && control.get(JAVA_INT, 12) == SCM_RIGHTS) {
                int count = (int) ((control.get(JAVA_LONG, 0) - CMSG_HEADER) / 4);
                fds = new int[count];
                for (int i = 0; i < count; i++) {
                    fds[i] = control.get(JAVA_INT, CMSG_HEADER + 4L * i);
                }
            }
            byte[] data = new byte[(int) n];
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, data, 0, (int) n);
            return new Received(data, fds);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Reads from a descriptor, retrying on EINTR.
     *
     * @param fd  the descriptor
     * @param dst where the bytes go
     * @param off the first index
     * @param len the most bytes
     * @return the number of bytes read, or -1 at end of stream
     * @throws IOException on failure
     */
    public static int read(int fd, byte[] dst, int off, int len) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            MemorySegment buf = arena.allocate(Math.max(1, len));
            while (true) {
                long n = call(Fn.READ, state, fd, buf.address(), len);
                if (n > 0) {
                    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, dst, off, (int) n);
                    return (int) n;
                }
                if (n == 0) {
                    return -1;
                }
                int errno = errno(state);
                if (errno != EINTR) {
                    throw failure("read", errno);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Writes all of {@code data}, retrying on EINTR and short writes.
     *
     * @param fd   the descriptor
     * @param data the bytes
     * @param off  the first index
     * @param len  how many bytes
     * @throws IOException on failure
     */
    public static void write(int fd, byte[] data, int off, int len) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(data, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                long n = call(Fn.WRITE, state, fd, buf.address() + done, len - done);
                if (n >= 0) {
                    done += n;
                    continue;
                }
                int errno = errno(state);
                if (errno != EINTR) {
                    throw failure("write", errno);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Gives a signal back its default disposition, e.g. one this process inherited as
     * ignored ({@code nohup}, a shell's background job); the JVM installs a handler only
     * for a signal that is not ignored. Until a handler is installed, the signal has its
     * default action.
     *
     * @param signal the signal number
     * @throws IOException if the call fails
     */
    public static void defaultDisposition(int signal) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            long previous = call(Fn.SIGNAL, state, signal, 0L /* SIG_DFL */, 0L);
            if (previous == -1) { // SIG_ERR
                throw failure("signal", errno(state));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Sets the process's file mode creation mask.
     *
     * @param mask the new mask
     * @return the previous mask
     */
    public static int umask(int mask) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) call(Fn.UMASK, arena.allocate(Link.ERRNO_STATE), mask, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Returns the real user id of this process. */
    public static int getuid() {
        try (Arena arena = Arena.ofConfined()) {
            return (int) call(Fn.GETUID, arena.allocate(Link.ERRNO_STATE), 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Drops this process to another user and group, for good: supplementary groups,
     * then the group, then the user (the order that leaves no privilege behind). glibc
     * applies each change to every thread of the JVM.
     *
     * @param uid the user id
     * @param gid the group id
     * @throws IOException if a call fails, typically because this process is not root
     */
    public static void switchUser(int uid, int gid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment groups = arena.allocate(JAVA_INT);
            groups.set(JAVA_INT, 0, gid);
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            if ((int) call(Fn.SETGROUPS, state, 1L, groups.address(), 0L) != 0) {
                throw failure("setgroups(" + gid + ")", errno(state));
            }
            intCall(Fn.SETGID, "setgid", gid, 0);
            intCall(Fn.SETUID, "setuid", uid, 0);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Changes the owner of an open file.
     *
     * @param fd  the descriptor
     * @param uid the new owner, or -1 to keep it
     * @param gid the new group, or -1 to keep it
     * @throws IOException on failure
     */
    public static void fchown(int fd, int uid, int gid) throws IOException {
        intCall(Fn.FCHOWN, "fchown", fd, uid, gid);
    }

    /** The address family of a socket, as {@link #socketFamily} reports it. */
    public enum Family {
        /** IPv4. */
        INET,
        /** IPv6. */
        INET6,
        /** Unix domain. */
        UNIX
    }

    /**
     * Tells what kind of listening socket a descriptor is, for {@code fd://N} and
     * systemd's {@code LISTEN_FDS}.
     *
     * @param fd the descriptor
     * @return its address family
     * @throws IOException if it is not a listening stream socket of a supported family
     */
    public static Family socketFamily(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            MemorySegment addr = arena.allocate(128, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 128);
            if ((int) call(Fn.GETSOCKNAME, state, fd, addr.address(), len.address()) != 0) {
                throw failure("getsockname(fd " + fd + ")", errno(state));
            }
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment valueLen = arena.allocate(JAVA_INT);
            valueLen.set(JAVA_INT, 0, 4);
            // SOL_SOCKET, SO_ACCEPTCONN (30): is it listening?
            if ((int) call(Fn.GETSOCKOPT, state, fd, SOL_SOCKET, 30, value.address(), valueLen.address()) != 0) {
                throw failure("getsockopt(fd " + fd + ")", errno(state));
            }
            if (value.get(JAVA_INT, 0) == 0) {
                throw new IOException("fd " + fd + " is a socket but not a listening one");
            }
            int family = Short.toUnsignedInt(addr.get(ValueLayout.JAVA_SHORT, 0));
            return switch (family) {
                case 1 -> Family.UNIX;
                case 2 -> Family.INET;
                case 10 -> Family.INET6;
                default -> throw new IOException("fd " + fd + " has unsupported address family " + family);
            };
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Creates an anonymous in-memory file of {@code size} bytes (Linux {@code memfd_create}),
     * close-on-exec. It lives until its last descriptor closes and touches no disk.
     *
     * @param name a name for {@code /proc/PID/fd} listings
     * @param size the file size
     * @return the descriptor
     * @throws IOException on failure
     */
    public static int memfd(String name, long size) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            int fd = (int) call(Fn.MEMFD_CREATE, state, arena.allocateFrom(name).address(), 1 /* MFD_CLOEXEC */, 0L);
            if (fd < 0) {
                throw failure("memfd_create", errno(state));
            }
            if ((int) call(Fn.FTRUNCATE, state, fd, size, 0L) != 0) {
                int errno = errno(state);
                close(fd);
                throw failure("ftruncate", errno);
            }
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Looks up a user's id and primary group id.
     *
     * @param name a user name
     * @return {uid, gid}, or {@code null} if there is no such user
     */
    public static int[] user(String name) {
        return lookup(Fn.GETPWNAM, name, 16, 20);
    }

    /**
     * Looks up a group's id.
     *
     * @param name a group name
     * @return the gid, or -1 if there is no such group
     */
    public static int group(String name) {
        int[] g = lookup(Fn.GETGRNAM, name, 16, 16);
        return g == null ? -1 : g[0];
    }

    private static int[] lookup(Fn fn, String name, long first, long second) {
        try (Arena arena = Arena.ofConfined()) {
            long address = call(fn, arena.allocate(Link.ERRNO_STATE), arena.allocateFrom(name).address(), 0L, 0L);
            if (address == 0) {
                return null;
            }
            // struct passwd / struct group: name, passwd, then uid_t and gid_t (LP64: offsets 16 and 20).
            MemorySegment entry = MemorySegment.ofAddress(address).reinterpret(32);
            return new int[] {entry.get(JAVA_INT, first), entry.get(JAVA_INT, second)};
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int intCall(Fn fn, String name, int a, int b) throws IOException {
        return intCall(fn, name, a, b, 0);
    }

    private static int intCall(Fn fn, String name, int a, int b, int c) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Link.ERRNO_STATE);
            int r = (int) call(fn, state, a, b, c);
            if (r < 0) {
                throw failure(name, errno(state));
            }
            return r;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) Link.ERRNO.get(state, 0L);
    }

    private static IOException failure(String call, int errno) {
        return new IOException(call + " failed: " + strerror(errno) + " (errno " + errno + ")");
    }

    private static String strerror(int errno) {
        try (Arena arena = Arena.ofConfined()) {
            long address = call(Fn.STRERROR, arena.allocate(Link.ERRNO_STATE), errno, 0L, 0L);
            return MemorySegment.ofAddress(address).reinterpret(256).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

}
