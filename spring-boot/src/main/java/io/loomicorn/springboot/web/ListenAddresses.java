package io.loomicorn.springboot.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP addresses of Loomicorn's {@code bind} setting, in its forms ({@code HOST},
 * {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code tcp://HOST:PORT}); Unix sockets and
 * inherited descriptors have no host or port and are left out.
 */
record ListenAddresses(List<Address> tcp) {

    /** The default port of a {@code HOST} without one (the {@code bind} setting's rule). */
    static final int DEFAULT_PORT = 8000;

    /**
     * One TCP listener as configured.
     *
     * @param host the host as written (empty for all interfaces)
     * @param port the port; 0 when the system chose it at bind
     */
    record Address(String host, int port) {

        /** Whether this listener is {@code address}, resolving the host as the binder did. */
        boolean isAt(InetAddress address) {
            if (host.isEmpty()) {
                return address.isAnyLocalAddress();
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    if (a.equals(address)) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                return false;
            }
            return false;
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Reads the {@code bind} entries.
     *
     * @param binds the setting's values
     * @return the TCP listeners among them
     */
    static ListenAddresses parse(List<String> binds) {
        List<Address> tcp = new ArrayList<>();
        for (String raw : binds) {
            String b = raw.startsWith("tcp://") ? raw.substring("tcp://".length()) : raw;
            if (b.startsWith("unix:") || b.startsWith("fd://")) {
                continue;
            }
            String host;
            String port;
            if (b.startsWith("[")) {
                int close = b.indexOf(']');
                host = b.substring(1, close);
                port = b.length() > close + 1 ? b.substring(close + 2) : "";
            } else {
                int colon = b.lastIndexOf(':');
                host = colon < 0 ? b : b.substring(0, colon);
                port = colon < 0 ? "" : b.substring(colon + 1);
            }
            try {
                tcp.add(new Address(host, port.isEmpty() ? DEFAULT_PORT : Integer.parseInt(port)));
            } catch (NumberFormatException e) {
                // the master validated bind: nothing else can be here
            }
        }
        return new ListenAddresses(List.copyOf(tcp));
    }

    /** The first TCP port, for {@code WebServer.getPort()}; -1 without one or when the system chose it. */
    int firstPort() {
        return tcp.isEmpty() || tcp.getFirst().port() == 0 ? -1 : tcp.getFirst().port();
    }

    /** Whether a listener has this port (a chosen port, 0, is unknown here and matches nothing). */
    boolean hasPort(int port) {
        return tcp.stream().anyMatch(a -> a.port() == port && port != 0);
    }

    /** Whether a listener is at this address. */
    boolean hasAddress(InetAddress address) {
        return tcp.stream().anyMatch(a -> a.isAt(address));
    }

    @Override
    public String toString() {
        return tcp.isEmpty() ? "no TCP address" : String.join(", ", tcp.stream().map(Address::toString).toList());
    }
}
