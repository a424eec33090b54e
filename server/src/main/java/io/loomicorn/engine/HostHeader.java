package io.loomicorn.engine;

/** Splits a {@code Host} field value into name and port (RFC 9110 §7.2, RFC 3986 §3.2.2). */
final class HostHeader {

    private HostHeader() {
    }

    /** Returns the host part: {@code example.com}, {@code 127.0.0.1} or {@code [::1]}. */
    static String name(String host) {
        int colon = portColon(host);
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** Returns the port, or -1 when the value has none (or an unusable one). */
    static int port(String host) {
        int colon = portColon(host);
        if (colon < 0 || colon == host.length() - 1) {
            return -1;
        }
        int port = 0;
        for (int i = colon + 1; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9' || port > 65535) {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : -1;
    }

    private static int portColon(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        // "[::1]" has colons but no port; "[::1]:80" has its port after "]".
        int bracket = host.lastIndexOf(']');
        return bracket > colon ? -1 : colon;
    }
}
