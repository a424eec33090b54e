package io.loomicorn.master;

import io.loomicorn.config.BindAddress;
import io.loomicorn.internal.FdChannels;
import io.loomicorn.internal.Posix;
import io.loomicorn.logging.ServerLog;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds the {@code bind} addresses, once, for the master's whole life.
 *
 * <ul>
 *   <li>TCP on IPv4 or IPv6 (chosen by the address), with {@code SO_REUSEADDR}, the
 *       {@code backlog}, and {@code SO_REUSEPORT} when {@code reuse_port} is set;</li>
 *   <li>{@code unix:PATH}: a stale socket file is removed first (a file that is not a
 *       socket is an error), the file is created under the {@code umask} setting, and
 *       unlinked at exit;</li>
 *   <li>{@code fd://N} and systemd's {@code LISTEN_FDS}: descriptors that are already
 *       listening are adopted as they are. As in gunicorn, when systemd passes sockets,
 *       they replace the configured addresses.</li>
 * </ul>
 * A bind that fails is retried for a few seconds (a previous master may still be
 * releasing the port), then reported in one line.
 */
final class ListenerBinder {

    private static final int ATTEMPTS = 5;

    private final int backlog;
    private final int umask;
    private final boolean reusePort;

    ListenerBinder(int backlog, int umask, boolean reusePort) {
        this.backlog = backlog;
        this.umask = umask;
        this.reusePort = reusePort;
    }

    /**
     * Binds every address.
     *
     * @param binds the {@code bind} setting
     * @param env   the environment, for {@code LISTEN_FDS}
     * @return the listeners, in order
     * @throws IOException with a one-line message if an address cannot be bound
     */
    List<BoundListener> bindAll(List<String> binds, Map<String, String> env) throws IOException {
        List<BoundListener> systemd = systemdListeners(env);
        if (!systemd.isEmpty()) {
            return systemd;
        }
        List<BoundListener> bound = new ArrayList<>();
        try {
            for (String text : binds) {
                bound.add(bind(BindAddress.parse(text), text));
            }
        } catch (IOException | RuntimeException e) {
            bound.forEach(BoundListener::close);
            throw e;
        }
        return bound;
    }

    private BoundListener bind(BindAddress address, String text) throws IOException {
        return switch (address) {
            case BindAddress.Tcp tcp -> bindTcp(tcp, text);
            case BindAddress.Unix unix -> bindUnix(Path.of(unix.path()));
            case BindAddress.Fd fd -> adopt(fd.fd());
        };
    }

    private BoundListener bindTcp(BindAddress.Tcp tcp, String text) throws IOException {
        InetAddress host;
        try {
            host = InetAddress.getByName(tcp.host());
        } catch (UnknownHostException e) {
            throw new IOException("Error: invalid address '" + text + "': unknown host " + tcp.host());
        }
        ProtocolFamily family = host instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        InetSocketAddress socketAddress = new InetSocketAddress(host, tcp.port());
        for (int attempt = 1; ; attempt++) {
            ServerSocketChannel ch = ServerSocketChannel.open(family);
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (reusePort) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                ch.bind(socketAddress, backlog);
                return new BoundListener(ch, family == StandardProtocolFamily.INET6 ? Posix.Family.INET6 : Posix.Family.INET,
                        ch.getLocalAddress(), null);
            } catch (BindException e) {
                ch.close();
                if (attempt == ATTEMPTS) {
                    throw new IOException("Error: can't bind " + text + ": " + e.getMessage());
                }
                ServerLog.ERROR.error("Connection in use: {}; retrying in 1 second", text);
                sleep();
            } catch (IOException e) {
                ch.close();
                throw new IOException("Error: can't bind " + text + ": " + e.getMessage());
            }
        }
    }

    private BoundListener bindUnix(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes attrs = Files.readAttributes(absolute, BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) {
                throw new IOException("Error: can't bind unix:" + absolute + ": the file exists and is not a socket");
            }
            Files.delete(absolute); // a stale socket of an earlier run
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        int previous = Posix.umask(umask);
        try {
            ch.bind(UnixDomainSocketAddress.of(absolute), backlog);
        } catch (IOException e) {
            ch.close();
            throw new IOException("Error: can't bind unix:" + absolute + ": " + e.getMessage());
        } finally {
            Posix.umask(previous);
        }
        return new BoundListener(ch, Posix.Family.UNIX, UnixDomainSocketAddress.of(absolute), absolute);
    }

    private static BoundListener adopt(int fd) throws IOException {
        Posix.Family family;
        try {
            family = Posix.socketFamily(fd);
        } catch (IOException e) {
            throw new IOException("Error: can't use fd://" + fd + ": " + e.getMessage());
        }
        ServerSocketChannel ch = FdChannels.adoptListener(fd, switch (family) {
            case INET -> StandardProtocolFamily.INET;
            case INET6 -> StandardProtocolFamily.INET6;
            case UNIX -> StandardProtocolFamily.UNIX;
        });
        return new BoundListener(ch, family, ch.getLocalAddress(), null);
    }

    /** systemd socket activation: descriptors 3 .. 3+LISTEN_FDS-1, when LISTEN_PID is this process. */
    private static List<BoundListener> systemdListeners(Map<String, String> env) throws IOException {
        String pid = env.get("LISTEN_PID");
        String count = env.get("LISTEN_FDS");
        if (pid == null || count == null || !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            return List.of();
        }
        int n;
        try {
            n = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new IOException("Error: LISTEN_FDS is not a number: '" + count + "'");
        }
        List<BoundListener> listeners = new ArrayList<>();
        for (int fd = 3; fd < 3 + n; fd++) {
            listeners.add(adopt(fd));
        }
        return listeners;
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
