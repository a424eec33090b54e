package io.loomicorn.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the values of forwarded headers: the nodes of {@code X-Forwarded-For} and of
 * RFC 7239's {@code for}, host values, ports, and the elements of a {@code Forwarded} field.
 * Bad text gives {@code null}; nothing here throws on a client's bytes.
 */
final class ForwardedValues {

    /** One element of a {@code Forwarded} field; the parameters it did not give are {@code null}. */
    record Element(String forNode, String proto, String host) {
    }

    private ForwardedValues() {
    }

    /**
     * Reads a node: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code [2001:db8::1]},
     * {@code [2001:db8::1]:8080}, and, as some proxies write X-Forwarded-For,
     * {@code 2001:db8::1}. RFC 7239's obfuscated port ({@code _abc}) reads as port 0.
     *
     * @param text the node, without quotes
     * @return the address, port 0 when none was given; {@code null} for {@code unknown}, an
     *         obfuscated identifier or anything that is not an address
     */
    static InetSocketAddress node(String text) {
        InetAddress address;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            address = text.indexOf(':') > 0 ? IpLiterals.parseIpv6(text.substring(1, close)) : null;
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    return null;
                }
                port = text.substring(close + 2);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
                address = IpLiterals.parseIpv4(text.substring(0, colon));
                port = text.substring(colon + 1);
            } else {
                address = colon < 0 ? IpLiterals.parseIpv4(text) : IpLiterals.parseIpv6(text);
            }
        }
        if (address == null) {
            return null;
        }
        int p = 0;
        if (port != null && !port.startsWith("_")) {
            p = ProxyProtocolDecoder.port(port);
            if (p < 0) {
                return null;
            }
        }
        return new InetSocketAddress(address, p);
    }

    /**
     * Splits comma-separated list values (several field lines count as one list, RFC 9110
     * §5.3) into trimmed elements, keeping empty ones out.
     */
    static List<String> listElements(List<String> values) {
        List<String> out = new ArrayList<>(4);
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String p = part.strip();
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Returns the first element of a comma-separated list value, trimmed. */
    static String firstElement(String value) {
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).strip();
    }

    /**
     * Reads a Host value, {@code uri-host [":" port]} (RFC 9110 §7.2): a registered name, an
     * IPv4 address or a bracketed IPv6 address.
     *
     * @param text the value
     * @return {@code {name, port}} with port "" when absent, or {@code null} when malformed
     */
    static String[] hostAndPort(String text) {
        if (text.isEmpty()) {
            return null;
        }
        int end;
        if (text.charAt(0) == '[') {
            end = text.indexOf(']') + 1;
            if (end <= 0 || IpLiterals.parseIpv6(text.substring(1, end - 1)) == null) {
                return null;
            }
        } else {
            end = 0;
            while (end < text.length() && isRegNameChar(text.charAt(end))) {
                end++;
            }
            if (end == 0) {
                return null;
            }
        }
        if (end == text.length()) {
            return new String[] {text, ""};
        }
        if (text.charAt(end) != ':') {
            return null;
        }
        String port = text.substring(end + 1);
        if (!port.isEmpty() && ProxyProtocolDecoder.port(port) < 0) {
            return null;
        }
        return new String[] {text.substring(0, end), port};
    }

    /** RFC 3986 reg-name: unreserved, pct-encoded and sub-delims. */
    private static boolean isRegNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
    }

    /**
     * Reads the elements of {@code Forwarded} fields (RFC 7239 §4): comma-separated
     * elements of {@code token=value} pairs joined by {@code ;}, values tokens or quoted
     * strings. Parameter names compare case-insensitively; {@code by} and extensions are
     * ignored; empty list elements are skipped.
     *
     * @param values the field values, in order
     * @return the elements, or {@code null} when a value is malformed or repeats a parameter
     *         within an element (RFC 7239 §4: "MUST NOT occur more than once")
     */
    static List<Element> forwardedElements(List<String> values) {
        List<Element> out = new ArrayList<>(2);
        for (String value : values) {
            if (!new ElementReader(value, out).readAll()) {
                return null;
            }
        }
        return out;
    }

    /** A one-pass reader of one {@code Forwarded} field value. */
    private static final class ElementReader {
        private final String s;
        private final List<Element> out;
        private int i;
        private String forNode;
        private String proto;
        private String host;
        private int seen;

        ElementReader(String s, List<Element> out) {
            this.s = s;
            this.out = out;
        }

        boolean readAll() {
            while (true) {
                skipSpaces();
                if (i < s.length() && s.charAt(i) != ',' && !readPairs()) {
                    return false;
                }
                if (seen != 0) {
                    out.add(new Element(forNode, proto, host));
                    forNode = proto = host = null;
                    seen = 0;
                }
                skipSpaces();
                if (i == s.length()) {
                    return true;
                }
                if (s.charAt(i) != ',') {
                    return false;
                }
                i++;
            }
        }

        /** Reads {@code pair *(";" pair)} up to a comma or the end. */
        private boolean readPairs() {
            while (true) {
                int nameStart = i;
                while (i < s.length() && isTokenChar(s.charAt(i))) {
                    i++;
                }
                if (i == nameStart || i == s.length() || s.charAt(i) != '=') {
                    return false;
                }
                String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
                i++;
                String value = readValue();
                if (value == null || !record(name, value)) {
                    return false;
                }
                skipSpaces();
                if (i == s.length() || s.charAt(i) == ',') {
                    return true;
                }
                if (s.charAt(i) != ';') {
                    return false;
                }
                i++;
                skipSpaces();
            }
        }

        private String readValue() {
            if (i < s.length() && s.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < s.length()) {
                    char c = s.charAt(i++);
                    if (c == '"') {
                        return sb.toString();
                    }
                    if (c == '\\') {
                        if (i == s.length()) {
                            return null;
                        }
                        c = s.charAt(i++);
                    }
                    sb.append(c);
                }
                return null;
            }
            int start = i;
            while (i < s.length() && isTokenChar(s.charAt(i))) {
                i++;
            }
            return i == start ? null : s.substring(start, i);
        }

        private boolean record(String name, String value) {
            int bit = switch (name) {
                case "for" -> 1;
                case "proto" -> 2;
                case "host" -> 4;
                case "by" -> 8;
                default -> 0;
            };
            if ((seen & bit) != 0) {
                return false;
            }
            seen |= bit == 0 ? 16 : bit;
            switch (bit) {
                case 1 -> forNode = value;
                case 2 -> proto = value;
                case 4 -> host = value;
                default -> { }
            }
            return true;
        }

        private void skipSpaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
