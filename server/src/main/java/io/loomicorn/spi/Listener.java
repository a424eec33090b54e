package io.loomicorn.spi;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

import io.loomicorn.tls.ServerTls;

/**
 * A listening socket that the master bound and this worker inherited.
 *
 * @param channel the listening channel, in blocking mode; a worker may switch it to
 *                non-blocking mode. Its family is TCP (IPv4 or IPv6) or Unix.
 * @param address the bound address
 * @param tls     the worker's TLS setup when this listener's connections speak TLS
 *                ({@code bind} with {@code certfile}); empty for plain HTTP
 */
public record Listener(ServerSocketChannel channel, SocketAddress address, Optional<ServerTls> tls) {

    /** A plain HTTP listener. */
    public Listener(ServerSocketChannel channel, SocketAddress address) {
        this(channel, address, Optional.empty());
    }

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
                    "[" + compress(v6) + "]:" + inet.getPort();
            case InetSocketAddress inet when inet.getAddress() != null ->
                    inet.getAddress().getHostAddress() + ":" + inet.getPort();
            case InetSocketAddress inet -> inet.getHostString() + ":" + inet.getPort();
            case UnixDomainSocketAddress unix -> "unix:" + unix.getPath();
            default -> String.valueOf(address);
        };
    }

    /** Writes an IPv6 address in the RFC 5952 short form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    private static String compress(Inet6Address address) {
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
