package io.loomicorn.config;

/**
 * A {@code statsd_host} value, as gunicorn reads it: {@code HOST:PORT}, {@code HOST} (port
 * 8125), {@code [IPv6]:PORT}, or {@code unix:PATH} / {@code unix://PATH} for a Unix datagram
 * socket.
 *
 * @param host the host, or null for a Unix socket
 * @param port the port
 * @param path the socket's path, or null for UDP
 */
public record StatsdAddress(String host, int port, String path) {

    /** statsd's default port. */
    public static final int DEFAULT_PORT = 8125;

    /**
     * Parses a value.
     *
     * @param text the value
     * @return the address
     * @throws IllegalArgumentException with the reason, when it is not an address
     */
    public static StatsdAddress parse(String text) {
        if (text.startsWith("unix:")) {
            String path = text.startsWith("unix://") ? text.substring(7) : text.substring(5);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("expected unix:PATH with a path");
            }
            return new StatsdAddress(null, 0, path);
        }
        String host = text;
        int port = DEFAULT_PORT;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 address needs its closing ]");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected [IPv6]:PORT");
                }
                port = port(rest.substring(1));
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0) {
                if (text.indexOf(':') != colon) {
                    throw new IllegalArgumentException("write an IPv6 address in brackets: [ADDRESS]:PORT");
                }
                host = text.substring(0, colon);
                port = port(text.substring(colon + 1));
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("expected HOST:PORT or unix:PATH");
        }
        return new StatsdAddress(host, port, null);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("the port must be a number from 1 to 65535, not '" + text + "'");
    }
}
