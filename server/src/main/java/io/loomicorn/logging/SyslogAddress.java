package io.loomicorn.logging;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A parsed {@code syslog_addr}: {@code udp://HOST:PORT}, {@code tcp://HOST:PORT} or
 * {@code unix://PATH[#dgram|#stream]}.
 */
sealed interface SyslogAddress {

    /** A UDP destination. */
    record Udp(String host, int port) implements SyslogAddress {
    }

    /** A TCP destination. */
    record Tcp(String host, int port) implements SyslogAddress {
    }

    /**
     * A local socket.
     *
     * @param path the socket file
     * @param type {@code dgram}, {@code stream}, or null to try a datagram socket and fall
     *             back to a stream, as Python's SysLogHandler does
     */
    record Unix(Path path, String type) implements SyslogAddress {
    }

    /**
     * Parses an address that the settings registry already validated.
     *
     * @param address the setting
     * @return the address
     * @throws IllegalArgumentException if it is malformed
     */
    static SyslogAddress parse(String address) {
        if (address.startsWith("unix://")) {
            String rest = address.substring("unix://".length());
            int hash = rest.indexOf('#');
            return hash < 0 ? new Unix(Path.of(rest), null) : new Unix(Path.of(rest.substring(0, hash)), rest.substring(hash + 1));
        }
        boolean udp = address.startsWith("udp://");
        if (!udp && !address.startsWith("tcp://")) {
            throw new IllegalArgumentException("unsupported syslog address: " + address);
        }
        String hostPort = address.substring(6);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || colon < hostPort.lastIndexOf(']')) {
            throw new IllegalArgumentException("syslog address without a port: " + address);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return udp ? new Udp(host, port) : new Tcp(host, port);
    }

    /** Returns the socket address of a UDP or TCP destination. */
    static InetSocketAddress inet(String host, int port) {
        return new InetSocketAddress(host, port);
    }
}
