package io.loomicorn.http.parser;

/**
 * The four forms of a request-target (RFC 9112 §3.2) and the authority grammar shared by
 * the target and the Host field, checked on raw bytes.
 *
 * <p>Rules, strict by default:
 * <ul>
 *   <li>origin-form: starts with {@code /}; {@code //path} is kept as a path;</li>
 *   <li>asterisk-form: exactly {@code *}, only with OPTIONS (§3.2.4);</li>
 *   <li>authority-form: {@code uri-host ":" port} with a non-empty port, only with CONNECT,
 *       and CONNECT only with it (§3.2.3, RFC 9110 §9.3.6);</li>
 *   <li>absolute-form: {@code scheme "://" authority path-abempty [ "?" query ]} with a
 *       non-empty host (RFC 9110 §4.2.1: a recipient MUST reject an http URI with an empty
 *       host) and without userinfo (RFC 9110 §4.2.4: a recipient SHOULD treat userinfo as
 *       an error);</li>
 *   <li>anything else, a relative reference such as {@code foo/bar} included, is refused.</li>
 * </ul>
 * A {@code #fragment} is not part of any form; it is tolerated and split off, as gunicorn
 * and most servers do. Bytes of the target were already limited to VCHAR and obs-text by
 * the request line scanner.
 */
final class RequestTarget {

    /** {@code /path?query}. */
    static final int ORIGIN = 0;
    /** {@code scheme://authority/path?query}. */
    static final int ABSOLUTE = 1;
    /** {@code host:port}, CONNECT only. */
    static final int AUTHORITY = 2;
    /** {@code *}, OPTIONS only. */
    static final int ASTERISK = 3;
    /** Not a valid target for this method. */
    static final int INVALID = -1;

    private static final byte[] REG_NAME = new byte[256];

    static {
        // reg-name = *( unreserved / pct-encoded / sub-delims ), RFC 3986 §3.2.2
        for (int c = 'a'; c <= 'z'; c++) {
            REG_NAME[c] = 1;
            REG_NAME[c - 32] = 1;
        }
        for (int c = '0'; c <= '9'; c++) {
            REG_NAME[c] = 1;
        }
        for (char c : "-._~!$&'()*+,;=%".toCharArray()) {
            REG_NAME[c] = 1;
        }
    }

    private RequestTarget() {
    }

    /**
     * Returns the form of the target {@code a[from, to)} for this method, or
     * {@link #INVALID}.
     */
    static int classify(byte[] a, int from, int to, boolean connect, boolean options) {
        if (from >= to) {
            return INVALID;
        }
        if (connect) {
            return authorityEnd(a, from, to, true, true) == to ? AUTHORITY : INVALID;
        }
        byte first = a[from];
        if (first == '/') {
            return ORIGIN;
        }
        if (first == '*' && to - from == 1) {
            return options ? ASTERISK : INVALID;
        }
        return absolutePathStart(a, from, to) >= 0 ? ABSOLUTE : INVALID;
    }

    /**
     * For an absolute-form target, returns the index where its path-abempty starts (the
     * first byte after the authority), or -1 if the target is not a valid absolute URI.
     */
    static int absolutePathStart(byte[] a, int from, int to) {
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), RFC 3986 §3.1
        int i = from;
        if (!isAlpha(a[i])) {
            return -1;
        }
        i++;
        while (i < to && (isAlpha(a[i]) || isDigit(a[i]) || a[i] == '+' || a[i] == '-' || a[i] == '.')) {
            i++;
        }
        if (to - i < 3 || a[i] != ':' || a[i + 1] != '/' || a[i + 2] != '/') {
            return -1;
        }
        i += 3;
        int authEnd = i;
        while (authEnd < to && a[authEnd] != '/' && a[authEnd] != '?' && a[authEnd] != '#') {
            authEnd++;
        }
        return authorityEnd(a, i, authEnd, true, false) == authEnd ? authEnd : -1;
    }

    /**
     * Checks {@code uri-host [":" port]} (no userinfo) from {@code from}; returns the index
     * after it when the whole range {@code [from, to)} is a valid authority, else -1.
     *
     * @param requireHost reject an empty host
     * @param requirePort reject a missing or empty port
     */
    static int authorityEnd(byte[] a, int from, int to, boolean requireHost, boolean requirePort) {
        int i = from;
        if (i < to && a[i] == '[') {
            // IP-literal: IPv6address (hex digits, ':' and a dotted IPv4 tail); IPvFuture refused.
            i++;
            int start = i;
            while (i < to && (isHex(a[i]) || a[i] == ':' || a[i] == '.')) {
                i++;
            }
            if (i >= to || a[i] != ']' || i - start < 2) {
                return -1;
            }
            i++;
        } else {
            while (i < to && REG_NAME[a[i] & 0xff] != 0) {
                if (a[i] == '%' && (i + 2 >= to || !isHex(a[i + 1]) || !isHex(a[i + 2]))) {
                    return -1;
                }
                i++;
            }
            if (requireHost && i == from) {
                return -1;
            }
        }
        if (i < to && a[i] == ':') {
            i++;
            int portStart = i;
            while (i < to && isDigit(a[i])) {
                i++;
            }
            if (i - portStart > 5 || (requirePort && i == portStart)) {
                return -1;
            }
        } else if (requirePort) {
            return -1;
        }
        return i == to ? i : -1;
    }

    /** Checks a Host field value: {@code uri-host [":" port]}, or empty (RFC 9112 §3.2). */
    static boolean isValidHost(byte[] a, int from, int to) {
        return from == to || authorityEnd(a, from, to, true, false) == to;
    }

    private static boolean isAlpha(byte b) {
        int c = b | 0x20;
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHex(byte b) {
        return io.loomicorn.http.HttpChars.hexValue(b) >= 0;
    }
}
