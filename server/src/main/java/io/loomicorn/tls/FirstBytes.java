package io.loomicorn.tls;

import java.nio.ByteBuffer;

/**
 * Tells, from the first bytes a client sends to a TLS port, whether it speaks TLS, plain
 * HTTP, or neither. A TLS connection starts with a handshake record, type 22 (RFC 8446
 * §5.1); an HTTP/1.x request starts with its method, upper-case letters followed by a
 * space. The two cannot be confused: 22 is a control character.
 */
final class FirstBytes {

    /** What the first bytes are. */
    enum Kind {
        /** Too few bytes to tell. */
        NEED_MORE,
        /** A TLS handshake record. */
        TLS,
        /** The start of an HTTP request line, such as {@code GET }. */
        PLAIN_HTTP,
        /** Anything else. */
        GARBAGE
    }

    private static final int HANDSHAKE_RECORD = 22;
    /** The longest method looked at: the parser's own default limit is 20 characters. */
    private static final int LONGEST_METHOD = 20;

    private FirstBytes() {
    }

    /** Classifies the bytes from {@code in}'s position to its limit, without consuming them. */
    static Kind classify(ByteBuffer in) {
        int start = in.position();
        int available = in.remaining();
        if (available == 0) {
            return Kind.NEED_MORE;
        }
        if ((in.get(start) & 0xff) == HANDSHAKE_RECORD) {
            return Kind.TLS;
        }
        for (int i = 0; i < Math.min(available, LONGEST_METHOD + 1); i++) {
            int c = in.get(start + i) & 0xff;
            if (c == ' ') {
                return i == 0 ? Kind.GARBAGE : Kind.PLAIN_HTTP;
            }
            if ((c < 'A' || c > 'Z') && c != '-' && c != '_') {
                return Kind.GARBAGE;
            }
        }
        return available > LONGEST_METHOD ? Kind.GARBAGE : Kind.NEED_MORE;
    }
}
