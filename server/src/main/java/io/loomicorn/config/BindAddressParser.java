package io.loomicorn.config;

import java.util.regex.Pattern;

/** The parser behind {@link BindAddress#parse}; see there for the forms. */
final class BindAddressParser {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** Host names and IPv4 addresses: letters, digits, dots, hyphens and underscores. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?");
    /** Loose on purpose: the JDK's resolver gives the precise verdict when the master binds. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9._-]+)?");

    private BindAddressParser() {
    }

    static BindAddress parse(String text) {
        if (text.startsWith("unix://")) {
            return unix(text.substring("unix://".length()));
        }
        if (text.startsWith("unix:")) {
            return unix(text.substring("unix:".length()));
        }
        if (text.startsWith("fd://")) {
            String digits = text.substring("fd://".length());
            if (!DIGITS.matcher(digits).matches() || digits.length() > 9) {
                throw new IllegalArgumentException("expected fd://N with N a file descriptor number");
            }
            return new BindAddress.Fd(Integer.parseInt(digits));
        }
        String hostPort = text.startsWith("tcp://") ? text.substring("tcp://".length()) : text;
        return tcp(hostPort);
    }

    private static BindAddress.Unix unix(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("expected a socket path after unix:");
        }
        return new BindAddress.Unix(path);
    }

    private static BindAddress.Tcp tcp(String hostPort) {
        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(BindAddress.ALLOWED);
            }
            host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException(BindAddress.ALLOWED);
            }
            portText = rest.isEmpty() ? null : rest.substring(1);
            if (!IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
            }
        } else {
            int colon = hostPort.indexOf(':');
            if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("write an IPv6 address in brackets, as in [::1]:8000");
            }
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException(BindAddress.ALLOWED);
            }
        }
        return new BindAddress.Tcp(host, portText == null ? BindAddress.DEFAULT_PORT : port(portText));
    }

    private static int port(String text) {
        if (!DIGITS.matcher(text).matches() || text.length() > 5 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException(BindAddress.ALLOWED);
        }
        return Integer.parseInt(text);
    }
}
