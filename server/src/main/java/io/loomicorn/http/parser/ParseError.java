package io.loomicorn.http.parser;

import java.util.Objects;

/**
 * A request the parser refused, as a value: which rule was broken ({@link #kind()}), the
 * status to answer with, and a one-line message for the log.
 *
 * <p>Every parse error closes the connection ({@link #closeAfter()} is always true): once
 * the framing of one request is in doubt, nothing after it on the connection can be
 * trusted (RFC 9112 §9.6, §11.2). The statuses of all violations are decided in one place,
 * the {@link Kind} enum.
 */
public final class ParseError {

    /**
     * One constant per rule the parser enforces, each with the status it is answered with.
     * This enum is the only place where violations are mapped to statuses.
     */
    public enum Kind {
        /** The request line is longer than {@code limitRequestLine} (RFC 9112 §3). */
        REQUEST_LINE_TOO_LONG(414, "Request line is too long"),
        /** More field lines than {@code limitRequestFields}. */
        TOO_MANY_FIELDS(431, "Too many header fields"),
        /** A field line is longer than {@code limitRequestFieldSize} (RFC 6585 §5). */
        FIELD_TOO_LARGE(431, "Header field is too large"),
        /** The head as a whole does not fit in {@link ParserConfig#maxHeadBytes()}. */
        HEAD_TOO_LARGE(431, "Request head is too large"),
        /** The declared or received body exceeds {@code limitRequestBody} (RFC 9110 §15.5.14). */
        BODY_TOO_LARGE(413, "Request body is too large"),

        /** The request line is not {@code method SP target SP version CRLF}, with single spaces. */
        INVALID_REQUEST_LINE(400, "Invalid request line"),
        /** More empty lines before the request line than RFC 9112 §2.2 asks servers to skip. */
        UNEXPECTED_EMPTY_LINE(400, "Empty line before the request line"),
        /** The method is not a token, or breaks the conventional method shape. */
        INVALID_METHOD(400, "Invalid method"),
        /** The request-target has a forbidden byte or form (RFC 9112 §3.2). */
        INVALID_TARGET(400, "Invalid request target"),
        /** The version is not exactly {@code HTTP/DIGIT.DIGIT} (RFC 9112 §2.3). */
        INVALID_VERSION(400, "Invalid HTTP version"),
        /** A well-formed version whose major number is not 1 (RFC 9110 §15.6.6). */
        UNSUPPORTED_VERSION(505, "HTTP version not supported"),

        /** A line ends with LF alone, or CR is not followed by LF (RFC 9112 §2.2). */
        INVALID_LINE_ENDING(400, "Invalid line ending"),
        /** A field name is empty or has a non-token byte (RFC 9110 §5.1). */
        INVALID_FIELD_NAME(400, "Invalid header field name"),
        /** A field line has no colon. */
        MISSING_COLON(400, "Header field without a colon"),
        /** Whitespace between a field name and its colon (RFC 9112 §5.1). */
        WHITESPACE_BEFORE_COLON(400, "Whitespace before the colon of a header field"),
        /** A control character (other than HTAB) inside a field value (RFC 9110 §5.5). */
        INVALID_FIELD_VALUE(400, "Invalid header field value"),
        /** An obs-fold continuation line, or whitespace before the first field (RFC 9112 §5.2, §2.2). */
        OBSOLETE_FOLDING(400, "Obsolete line folding is not accepted"),
        /** A field name with an underscore while {@code headerMap} is {@code REFUSE}. */
        UNDERSCORE_IN_FIELD_NAME(400, "Underscore in a header field name"),

        /** An HTTP/1.1 request without Host (RFC 9112 §3.2). */
        MISSING_HOST(400, "Missing Host header"),
        /** More than one Host field line (RFC 9112 §3.2). */
        DUPLICATE_HOST(400, "More than one Host header"),
        /** A Host value that is not {@code uri-host [":" port]} (RFC 9112 §3.2). */
        INVALID_HOST(400, "Invalid Host header"),
        /** More than one Content-Type field line (RFC 9110 §8.3 defines a single value). */
        DUPLICATE_CONTENT_TYPE(400, "More than one Content-Type header"),
        /** A Content-Length that is not 1*DIGIT, or too large to represent (RFC 9110 §8.6). */
        INVALID_CONTENT_LENGTH(400, "Invalid Content-Length"),
        /** More than one Content-Length field line, even with equal values (RFC 9112 §6.3). */
        DUPLICATE_CONTENT_LENGTH(400, "More than one Content-Length header"),
        /** Content-Length together with Transfer-Encoding (RFC 9112 §6.1, §6.3). */
        CONTENT_LENGTH_WITH_TRANSFER_ENCODING(400, "Content-Length together with Transfer-Encoding"),
        /** Transfer-Encoding that is malformed, or does not end in exactly one chunked (RFC 9112 §6.3). */
        INVALID_TRANSFER_ENCODING(400, "Invalid Transfer-Encoding"),
        /** Transfer-Encoding on an HTTP/1.0 request (RFC 9112 §6.1). */
        TRANSFER_ENCODING_ON_HTTP_1_0(400, "Transfer-Encoding on an HTTP/1.0 request"),
        /** A transfer coding other than chunked and identity (RFC 9112 §6.1). */
        UNSUPPORTED_TRANSFER_CODING(501, "Unsupported transfer coding"),
        /** An Expect value other than 100-continue (RFC 9110 §10.1.1). */
        EXPECTATION_FAILED(417, "Expectation failed"),

        /** A chunk size that is empty, not hexadecimal, or too large (RFC 9112 §7.1). */
        INVALID_CHUNK_SIZE(400, "Invalid chunk size"),
        /** A malformed chunk extension, or a chunk line that is too long (RFC 9112 §7.1.1). */
        INVALID_CHUNK_EXTENSION(400, "Invalid chunk extension"),
        /** Chunk data not followed by CRLF (RFC 9112 §7.1). */
        MISSING_CHUNK_TERMINATOR(400, "Chunk data not followed by CRLF"),
        /** A trailer field that must not be sent in trailers (RFC 9110 §6.5.1). */
        FORBIDDEN_TRAILER_FIELD(400, "Forbidden trailer field"),

        /** The connection ended inside a request head. */
        TRUNCATED_HEAD(400, "Connection closed before the request head was complete"),
        /** The connection ended inside a request body. */
        TRUNCATED_BODY(400, "Connection closed before the request body was complete"),

        /** A malformed PROXY protocol header before the first request (checked by {@code io.loomicorn.proxy}). */
        INVALID_PROXY_HEADER(400, "Invalid PROXY protocol header"),
        /** A PROXY protocol header from a sender outside {@code proxy_allow_ips}. */
        PROXY_HEADER_FORBIDDEN(403, "PROXY protocol header not allowed from this address");

        private final int status;
        private final String text;

        Kind(int status, String text) {
            this.status = status;
            this.text = text;
        }

        /** Returns the status this violation is answered with. */
        public int status() {
            return status;
        }

        /** Returns the fixed one-line description of this violation. */
        public String text() {
            return text;
        }
    }

    private static final int MAX_EXCERPT = 48;

    private final Kind kind;
    private final String message;
    private final boolean safeToEcho;

    private ParseError(Kind kind, String message, boolean safeToEcho) {
        this.kind = kind;
        this.message = message;
        this.safeToEcho = safeToEcho;
    }

    /**
     * Returns an error with the kind's fixed text as its message.
     *
     * @param kind the violation
     * @return the error
     */
    public static ParseError of(Kind kind) {
        return new ParseError(Objects.requireNonNull(kind), kind.text(), true);
    }

    /**
     * Returns an error whose message adds a detail made only of the parser's own words and
     * numbers (never bytes of the request), so that it stays {@linkplain #safeToEcho() safe
     * to echo}.
     *
     * @param kind   the violation
     * @param detail words and numbers, e.g. {@code "4112 > 4094"}
     * @return the error
     */
    public static ParseError of(Kind kind, String detail) {
        return new ParseError(Objects.requireNonNull(kind), kind.text() + ": " + detail, true);
    }

    /**
     * Returns an error whose message quotes an excerpt of the request. Bytes outside
     * printable ASCII, and quotes, backslashes and {@code <>&}, are written as
     * {@code \xHH}, so the message stays one line of printable ASCII; it is still
     * not {@linkplain #safeToEcho() safe to echo} because it carries client data.
     *
     * @param kind the violation
     * @param a    the buffer holding the offending bytes
     * @param from first offending byte
     * @param to   end of the excerpt (exclusive)
     * @return the error
     */
    static ParseError quoting(Kind kind, byte[] a, int from, int to) {
        StringBuilder sb = new StringBuilder(kind.text().length() + 4 + 4 * MAX_EXCERPT);
        sb.append(kind.text()).append(": '");
        int end = Math.min(to, from + MAX_EXCERPT);
        for (int i = Math.max(0, from); i < end; i++) {
            int c = a[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '"' && c != '\\' && c != '<'
                    && c != '>' && c != '&') {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        sb.append(end < to ? "'..." : "'");
        return new ParseError(kind, sb.toString(), false);
    }

    /** Returns the violation. */
    public Kind kind() {
        return kind;
    }

    /** Returns the status to answer with: 400, 403, 413, 414, 417, 431, 501 or 505. */
    public int status() {
        return kind.status();
    }

    /** Returns the reason phrase of {@link #status()}, e.g. {@code Bad Request}. */
    public String reason() {
        return switch (kind.status()) {
            case 403 -> "Forbidden";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 505 -> "HTTP Version Not Supported";
            default -> "Bad Request";
        };
    }

    /** Returns a one-line description of printable ASCII, for the error log. */
    public String message() {
        return message;
    }

    /**
     * Tells whether {@link #message()} is made only of the parser's own words and numbers,
     * so that it may be sent to the client as is. A message that quotes request bytes
     * returns {@code false}; send {@link #reason()} or {@code kind().text()} instead.
     */
    public boolean safeToEcho() {
        return safeToEcho;
    }

    /** Returns {@code true}: the connection must close after the error response. */
    public boolean closeAfter() {
        return true;
    }

    /** Two errors are equal when they have the same kind and message. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ParseError e && e.kind == kind && e.message.equals(message);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + message.hashCode();
    }

    /** Returns {@code status kind: message}, for logs and test failures. */
    @Override
    public String toString() {
        return kind.status() + " " + kind + ": " + message;
    }
}
