package io.loomicorn.http.parser;

import io.loomicorn.http.HttpChars;

/**
 * One 256-entry table of the byte classes the parser's inner loops test, built from
 * {@link HttpChars} so that the parser and the response side agree on what a token and a
 * field value are. A single table lookup per byte answers several questions at once (is it
 * a token byte, and is it an underscore or a lower-case letter), which keeps the hot loops
 * to one load and one test per byte.
 */
final class ByteClasses {

    /** {@code tchar} (RFC 9110 §5.6.2). */
    static final int TOKEN = 1;
    /** {@code _}: subject to {@link ParserConfig.HeaderMap}. */
    static final int UNDERSCORE = 2;
    /** {@code a-z}: not allowed in a conventional method. */
    static final int LOWER = 4;
    /** {@code #}: not allowed in a conventional method. */
    static final int HASH = 8;
    /** HTAB, SP, VCHAR, obs-text: allowed inside a field value (RFC 9110 §5.5). */
    static final int VALUE = 16;
    /** VCHAR and obs-text: allowed inside a request-target. */
    static final int TARGET = 32;

    /** The table, indexed by {@code b & 0xff}. */
    static final byte[] TABLE = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            int k = 0;
            if (HttpChars.isToken(c)) {
                k |= TOKEN;
            }
            if (HttpChars.isFieldValue(c)) {
                k |= VALUE;
            }
            if (HttpChars.isRequestTarget(c)) {
                k |= TARGET;
            }
            TABLE[c] = (byte) k;
        }
        TABLE['_'] |= UNDERSCORE;
        TABLE['#'] |= HASH;
        for (int c = 'a'; c <= 'z'; c++) {
            TABLE[c] |= LOWER;
        }
    }

    private ByteClasses() {
    }
}
