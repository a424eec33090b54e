package io.loomicorn.http;

/**
 * Byte classes of RFC 9110 §5.6.2 (tokens) and §5.5 (field values), as lookup tables.
 *
 * <p>One table lookup per byte is the cheapest exact test in Java; both the request
 * parser and the response header checks use these tables, so that the two sides of
 * the server agree on what a token is.
 */
public final class HttpChars {

    private static final byte TOKEN = 1;
    private static final byte FIELD_VALUE = 2;
    private static final byte TARGET = 4;

    private static final byte[] CLASSES = new byte[256];

    static {
        // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
        //         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
        for (int c = '0'; c <= '9'; c++) {
            CLASSES[c] |= TOKEN;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            CLASSES[c] |= TOKEN;
            CLASSES[c - 32] |= TOKEN;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            CLASSES[c] |= TOKEN;
        }
        // field-value bytes: HTAB, SP, VCHAR, obs-text. CR, LF, NUL and the other
        // controls (including DEL) are never allowed inside a value.
        CLASSES['\t'] |= FIELD_VALUE;
        for (int c = 0x20; c <= 0x7e; c++) {
            CLASSES[c] |= FIELD_VALUE;
        }
        for (int c = 0x80; c <= 0xff; c++) {
            CLASSES[c] |= FIELD_VALUE;
        }
        // request-target bytes as accepted by the request parser: VCHAR and obs-text.
        // SP ends the target; CTLs (NUL, HTAB, CR, LF, ...) and DEL are never allowed.
        for (int c = 0x21; c <= 0x7e; c++) {
            CLASSES[c] |= TARGET;
        }
        for (int c = 0x80; c <= 0xff; c++) {
            CLASSES[c] |= TARGET;
        }
    }

    private HttpChars() {
    }

    /**
     * Tells whether a byte is a {@code tchar}.
     *
     * @param b a byte value; only the low 8 bits are used
     * @return {@code true} for token characters
     */
    public static boolean isToken(int b) {
        return (CLASSES[b & 0xff] & TOKEN) != 0;
    }

    /**
     * Tells whether a byte may appear inside a field value (HTAB, SP, VCHAR, obs-text).
     *
     * @param b a byte value; only the low 8 bits are used
     * @return {@code true} if the byte is allowed in a field value
     */
    public static boolean isFieldValue(int b) {
        return (CLASSES[b & 0xff] & FIELD_VALUE) != 0;
    }

    /**
     * Tells whether a string is a non-empty token.
     *
     * @param s the string to test
     * @return {@code true} if every character is a {@code tchar}
     */
    public static boolean isToken(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xff || !isToken(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a string may be sent as a field value: ISO-8859-1 characters that
     * are HTAB, SP, VCHAR or obs-text. This is what stops header injection through a
     * response header (CVE-2018-1000164 in gunicorn).
     *
     * @param s the string to test
     * @return {@code true} if the value is safe to write
     */
    public static boolean isFieldValue(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xff || !isFieldValue(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a byte may appear in a request-target as the request parser accepts it:
     * a visible ASCII character (RFC 5234 VCHAR) or obs-text (0x80-0xFF, kept for clients
     * that send raw UTF-8 paths). SP, the control characters and DEL are excluded.
     *
     * @param b a byte value; only the low 8 bits are used
     * @return {@code true} if the byte may appear in a request-target
     */
    public static boolean isRequestTarget(int b) {
        return (CLASSES[b & 0xff] & TARGET) != 0;
    }

    /**
     * Returns the value of a hexadecimal digit (RFC 5234 HEXDIG, either case).
     *
     * @param b a byte value; only the low 8 bits are used
     * @return 0 to 15, or -1 if the byte is not a hexadecimal digit
     */
    public static int hexValue(int b) {
        int c = b & 0xff;
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }
}
