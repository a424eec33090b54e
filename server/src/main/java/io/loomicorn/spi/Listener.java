package io.loomicorn.spi;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * A listening socket that the master bound and this worker inherited.
 *
 * @param channel the listening channel, in blocking mode; a worker may switch it to
 *                non-blocking mode. Its family is TCP (IPv4 or IPv6) or Unix.
 * @param address the bound address
 */
public record Listener(ServerSocketChannel channel, SocketAddress address) {

    /** Tells whether this is a {@code unix:} listener. */
    public boolean isUnix() {
        return !(address instanceof InetSocketAddress);
    }

    /** Returns the address as users write it in {@code bind}: {@code 127.0.0.1:8000}, {@code [::1]:8000} or {@code unix:/path}. */
    public String display() {
        return describe(address);
    }

    /**
     * Formats an address as users write it in {@code bind}.
     *
     * @param address a TCP or Unix socket address
     * @return {@code 127.0.0.1:8000}, {@code [::1]:8000} or {@code unix:/path}
     */
    public static String describe(SocketAddress address) {
        return switch (address) {
            case InetSocketAddress inet when inet.getAddress() instanceof Inet6Address v6 ->
                    "[" + v6.getHostAddress().replaceFirst("%.*$", "") + "]:" + inet.getPort();
            case InetSocketAddress inet when inet.getAddress() != null ->
                    inet.getAddress().getHostAddress() + ":" + inet.getPort();
            case InetSocketAddress inet -> inet.getHostString() + ":" + inet.getPort();
            case UnixDomainSocketAddress unix -> "unix:" + unix.getPath();
            default -> String.valueOf(address);
        };
    }
}
