package io.loomicorn.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Reads IP address literals strictly and without a name lookup: what a setting, a PROXY
 * line or a forwarded header may hold. Bad text gives {@code null}, never an exception, so
 * that a client's garbage costs no stack trace.
 */
final class IpLiterals {

    /** The longest IPv6 text form: eight groups of four and seven colons, or an IPv4 tail. */
    private static final int MAX_IPV6_TEXT = 45;

    private IpLiterals() {
    }

    /**
     * Reads an IPv4 address in dotted-quad form (four decimal parts of 0 to 255, no leading
     * zeros: {@code 010.0.0.1} is refused, since some parsers read it as octal) or an IPv6
     * address (RFC 4291 §2.2, without brackets and without a zone).
     *
     * @param text the literal
     * @return the address, or {@code null} if the text is not one of these forms
     */
    static InetAddress parse(String text) {
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** Reads a dotted-quad IPv4 address; {@code null} if the text is not one. */
    static Inet4Address parseIpv4(String text) {
        byte[] bytes = ipv4Bytes(text);
        if (bytes == null) {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always an address
        }
    }

    /** Returns the four bytes of a dotted-quad IPv4 address, or {@code null}. */
    static byte[] ipv4Bytes(String text) {
        int n = text.length();
        if (n < 7 || n > 15) {
            return null;
        }
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return null; // a leading zero
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /**
     * Reads an IPv6 address; {@code null} if the text is not one. An IPv4-mapped address
     * ({@code ::ffff:192.0.2.1}) comes back as the {@link Inet4Address}, as the JDK gives
     * the peers of a dual-stack socket.
     */
    static InetAddress parseIpv6(String text) {
        int n = text.length();
        if (n < 2 || n > MAX_IPV6_TEXT) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
            if (!ok) {
                return null; // brackets, a zone (%eth0), spaces: not an address literal
            }
        }
        try {
            InetAddress address = Inet6Address.ofLiteral(text);
            return address;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
