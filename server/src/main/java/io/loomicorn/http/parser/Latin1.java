package io.loomicorn.http.parser;

/**
 * Makes Strings from ISO-8859-1 bytes of the head buffer.
 */
final class Latin1 {

    private Latin1() {
    }

    /**
     * Returns {@code a[from, from + len)} as a String, one char per byte.
     *
     * <p>The deprecated {@code String(byte[] ascii, int hibyte, int offset, int count)}
     * constructor with {@code hibyte} 0 is exactly ISO-8859-1 decoding and, with compact
     * strings, is a plain array copy without the charset dispatch of
     * {@code String(byte[], int, int, Charset)}.
     */
    @SuppressWarnings("deprecation")
    static String string(byte[] a, int from, int len) {
        return new String(a, 0, from, len);
    }
}
