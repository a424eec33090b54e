package io.loomicorn.http.parser;

import io.loomicorn.http.Headers;
import io.loomicorn.http.HttpChars;
import io.loomicorn.http.parser.ParseError.Kind;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import static io.loomicorn.http.parser.ByteClasses.TABLE;
import static io.loomicorn.http.parser.ByteClasses.TOKEN;

/**
 * The body of a request with {@code Transfer-Encoding: chunked} (RFC 9112 §7.1), decoded as
 * it arrives, byte split by byte split.
 *
 * <p>Strict reading of the grammar:
 * <pre>
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   chunk-size   = 1*HEXDIG
 *   chunk-ext    = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 *   chunk-ext-val = token / quoted-string
 * </pre>
 * <ul>
 *   <li>The size is hexadecimal digits only: no sign, no {@code 0x}, no {@code _}, no
 *       leading whitespace; it must fit in 60 bits (overflow is an error, not a wrap).</li>
 *   <li>Whitespace after the size is only allowed before a {@code ;} (BWS); {@code 0 CRLF}
 *       with a trailing space is refused, as gunicorn does.</li>
 *   <li>Extensions are validated and discarded; a CR or LF inside one, or a chunk line
 *       longer than {@link #MAX_CHUNK_LINE} bytes, is an error.</li>
 *   <li>The CRLF after the chunk data is checked, never skipped blindly.</li>
 *   <li>Trailer fields follow the header rules ({@link FieldLineScanner}, same limits) and
 *       are kept separate from the header fields. Fields that must not appear in trailers
 *       are refused with 400 (RFC 9110 §6.5.1: framing, routing, authentication, request
 *       modifiers, connection control and content format): see {@link #FORBIDDEN_TRAILERS}.</li>
 *   <li>{@code limitRequestBody} counts content bytes; a chunk size that would pass it is
 *       refused with 413 as soon as the size is read.</li>
 * </ul>
 */
final class ChunkedBodyDecoder implements BodyDecoder {

    /** The longest accepted chunk line (size, extensions and CRLF), in bytes. */
    static final int MAX_CHUNK_LINE = 4096;

    /** Trailer field names refused with 400, lower case. */
    static final Set<String> FORBIDDEN_TRAILERS = Set.of(
            // framing (RFC 9112 §6, §7)
            "content-length", "transfer-encoding", "trailer", "te",
            // routing and connection control (RFC 9112 §3.2, §9.6; RFC 9110 §7.6)
            "host", "connection", "keep-alive", "upgrade", "max-forwards",
            // authentication (RFC 9110 §11)
            "authorization", "proxy-authorization", "cookie",
            // request modifiers: controls, conditionals, range (RFC 9110 §10.1, §13, §14)
            "expect", "range", "if-match", "if-none-match", "if-modified-since",
            "if-unmodified-since", "if-range",
            // content format and processing (RFC 9110 §8)
            "content-type", "content-encoding", "content-range", "content-location");

    private static final int SIZE_START = 0;
    private static final int SIZE = 1;
    private static final int EXT_BWS = 2;
    private static final int EXT_AFTER_SEMI = 3;
    private static final int EXT_NAME = 4;
    private static final int EXT_AFTER_NAME = 5;
    private static final int EXT_AFTER_EQ = 6;
    private static final int EXT_VALUE = 7;
    private static final int EXT_QUOTED = 8;
    private static final int EXT_QUOTED_PAIR = 9;
    private static final int EXT_AFTER_QUOTED = 10;
    private static final int LINE_LF = 11;
    private static final int DATA = 12;
    private static final int DATA_CR = 13;
    private static final int DATA_LF = 14;
    private static final int TRAILERS = 15;
    private static final int DONE = 16;
    private static final int FAILED = 17;

    private static final int INITIAL_TRAILER_BUFFER = 256;

    private final RequestParser owner;
    private final long bodyLimit;
    private final int maxTrailerBytes;
    private final FieldLineScanner trailerScanner;
    private final RequestHeaders trailers = new RequestHeaders();

    private int state;
    private long size;
    private long chunkRemaining;
    private long total;
    private int lineLength;
    private boolean hasExtension;
    private ParseError error;
    private byte[] trailerBuf;
    private int trailerLen;

    ChunkedBodyDecoder(RequestParser owner, ParserConfig config) {
        this.owner = owner;
        this.bodyLimit = config.effectiveBodyLimit();
        this.maxTrailerBytes = config.maxHeadBytes();
        this.trailerScanner = new FieldLineScanner(config);
    }

    /** Starts a new chunked body. */
    void start() {
        state = SIZE_START;
        size = 0;
        total = 0;
        lineLength = 0;
        hasExtension = false;
        error = null;
        trailerLen = 0;
        trailers.clear();
        trailerScanner.reset(trailers);
        if (trailerBuf != null && trailerBuf.length > 16 * 1024) {
            trailerBuf = null;
        }
    }

    /** Returns the size of the trailer buffer, for tests of the buffering bound. */
    int trailerBufferCapacity() {
        return trailerBuf == null ? 0 : trailerBuf.length;
    }

    @Override
    public int read(ByteBuffer in, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (len <= 0) {
            throw new IllegalArgumentException("len must be positive: " + len);
        }
        return decode(in, dst, off, len);
    }

    @Override
    public int skip(ByteBuffer in) {
        return decode(in, null, 0, Integer.MAX_VALUE);
    }

    /** Decodes into {@code dst}, or skips the content when {@code dst} is null. */
    private int decode(ByteBuffer in, byte[] dst, int off, int len) {
        int done = 0;
        int p = in.position();
        final int lim = in.limit();
        for (;;) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(Math.min(chunkRemaining, len - done), lim - p);
                    if (n == 0) {
                        in.position(p);
                        return done > 0 ? done : NEED_MORE;
                    }
                    if (dst != null) {
                        in.get(p, dst, off + done, n);
                    }
                    p += n;
                    done += n;
                    chunkRemaining -= n;
                    if (chunkRemaining == 0) {
                        state = DATA_CR;
                    } else if (done == len) {
                        in.position(p);
                        return done;
                    }
                }
                case TRAILERS -> {
                    in.position(p);
                    int r = readTrailers(in);
                    if (r != DONE) {
                        return r == FAILED ? ERROR : done > 0 ? done : NEED_MORE;
                    }
                    p = in.position();
                }
                case DONE -> {
                    in.position(p);
                    return done > 0 ? done : END;
                }
                case FAILED -> {
                    in.position(p);
                    return ERROR;
                }
                default -> {
                    if (p >= lim) {
                        in.position(p);
                        return done > 0 ? done : NEED_MORE;
                    }
                    if (!frame(in.get(p++))) {
                        in.position(p);
                        return ERROR;
                    }
                }
            }
        }
    }

    /** Consumes one framing byte; returns false on error. */
    private boolean frame(byte b) {
        if (state <= LINE_LF && ++lineLength > MAX_CHUNK_LINE) {
            return fail(ParseError.of(Kind.INVALID_CHUNK_EXTENSION, "chunk line longer than " + MAX_CHUNK_LINE + " bytes"));
        }
        switch (state) {
            case SIZE_START -> {
                int v = HttpChars.hexValue(b);
                if (v < 0) {
                    return fail(ParseError.of(Kind.INVALID_CHUNK_SIZE, "no hexadecimal digit"));
                }
                size = v;
                state = SIZE;
            }
            case SIZE -> {
                int v = HttpChars.hexValue(b);
                if (v >= 0) {
                    // 1*HEXDIG without a bound: refuse what does not fit rather than wrap.
                    if ((size >>> 56) != 0) {
                        return fail(ParseError.of(Kind.INVALID_CHUNK_SIZE, "chunk size too large"));
                    }
                    size = (size << 4) | v;
                    return true;
                }
                if (size > bodyLimit - total) {
                    return fail(ParseError.of(Kind.BODY_TOO_LARGE, "more than " + bodyLimit + " bytes"));
                }
                switch (b) {
                    case ';' -> {
                        hasExtension = true;
                        state = EXT_AFTER_SEMI;
                    }
                    case ' ', '\t' -> state = EXT_BWS;
                    case '\r' -> state = LINE_LF;
                    default -> {
                        return fail(ParseError.of(Kind.INVALID_CHUNK_SIZE, "unexpected byte after the size"));
                    }
                }
            }
            case EXT_BWS -> {
                if (b == ';') {
                    hasExtension = true;
                    state = EXT_AFTER_SEMI;
                } else if (b != ' ' && b != '\t') {
                    return failLine("whitespace not followed by a chunk extension");
                }
            }
            case EXT_AFTER_SEMI -> {
                if (isToken(b)) {
                    state = EXT_NAME;
                } else if (b != ' ' && b != '\t') {
                    return failLine("extension name expected");
                }
            }
            case EXT_NAME -> {
                if (!isToken(b)) {
                    return extensionEnd(b, EXT_AFTER_NAME, true);
                }
            }
            case EXT_AFTER_NAME -> {
                if (b == '=') {
                    state = EXT_AFTER_EQ;
                } else if (b == ';') {
                    state = EXT_AFTER_SEMI;
                } else if (b != ' ' && b != '\t') {
                    return failLine("'=' or ';' expected");
                }
            }
            case EXT_AFTER_EQ -> {
                if (b == '"') {
                    state = EXT_QUOTED;
                } else if (isToken(b)) {
                    state = EXT_VALUE;
                } else if (b != ' ' && b != '\t') {
                    return failLine("extension value expected");
                }
            }
            case EXT_VALUE -> {
                if (!isToken(b)) {
                    return extensionEnd(b, EXT_BWS, false);
                }
            }
            case EXT_QUOTED -> {
                // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text (RFC 9110 §5.6.4)
                if (b == '"') {
                    state = EXT_AFTER_QUOTED;
                } else if (b == '\\') {
                    state = EXT_QUOTED_PAIR;
                } else if (!HttpChars.isFieldValue(b)) {
                    return failLine("control character in a quoted extension value");
                }
            }
            case EXT_QUOTED_PAIR -> {
                if (!HttpChars.isFieldValue(b)) {
                    return failLine("control character in a quoted extension value");
                }
                state = EXT_QUOTED;
            }
            case EXT_AFTER_QUOTED -> {
                return extensionEnd(b, EXT_BWS, false);
            }
            case LINE_LF -> {
                if (b != '\n') {
                    return failLine("CR without LF");
                }
                lineLength = 0;
                if (size == 0) {
                    state = TRAILERS;
                } else {
                    total += size;
                    chunkRemaining = size;
                    state = DATA;
                }
            }
            case DATA_CR -> {
                if (b != '\r') {
                    return fail(ParseError.of(Kind.MISSING_CHUNK_TERMINATOR));
                }
                state = DATA_LF;
            }
            case DATA_LF -> {
                if (b != '\n') {
                    return fail(ParseError.of(Kind.MISSING_CHUNK_TERMINATOR));
                }
                hasExtension = false;
                state = SIZE_START;
            }
            default -> throw new IllegalStateException("state " + state);
        }
        return true;
    }

    /** After an extension name or value: BWS, ';', '=' (names only) or the line's CR. */
    private boolean extensionEnd(byte b, int afterWhitespace, boolean name) {
        switch (b) {
            case ' ', '\t' -> state = afterWhitespace;
            case ';' -> state = EXT_AFTER_SEMI;
            case '\r' -> state = LINE_LF;
            default -> {
                if (name && b == '=') {
                    state = EXT_AFTER_EQ;
                } else {
                    return failLine("unexpected byte in a chunk extension");
                }
            }
        }
        return true;
    }

    private static boolean isToken(byte b) {
        return (TABLE[b & 0xff] & TOKEN) != 0;
    }

    private boolean failLine(String detail) {
        return fail(ParseError.of(hasExtension ? Kind.INVALID_CHUNK_EXTENSION : Kind.INVALID_CHUNK_SIZE, detail));
    }

    private boolean fail(ParseError e) {
        error = e;
        state = FAILED;
        owner.bodyFailed(e);
        return false;
    }

    /** Reads the trailer section; returns DONE, FAILED or anything else for "need more". */
    private int readTrailers(ByteBuffer in) {
        int p = in.position();
        if (trailerLen == 0 && in.remaining() >= 2 && in.get(p) == '\r' && in.get(p + 1) == '\n') {
            // the usual case: no trailer fields
            in.position(p + 2);
            state = DONE;
            return DONE;
        }
        if (trailerBuf == null) {
            trailerBuf = new byte[Math.min(INITIAL_TRAILER_BUFFER, maxTrailerBytes)];
            trailers.buffer(trailerBuf);
        }
        for (;;) {
            int avail = in.remaining();
            if (avail == 0) {
                return TRAILERS;
            }
            int room = trailerBuf.length - trailerLen;
            if (room == 0) {
                if (trailerBuf.length >= maxTrailerBytes) {
                    fail(ParseError.of(Kind.HEAD_TOO_LARGE, "trailer section larger than " + maxTrailerBytes + " bytes"));
                    return FAILED;
                }
                trailerBuf = java.util.Arrays.copyOf(trailerBuf, (int) Math.min(maxTrailerBytes, 2L * trailerBuf.length));
                trailers.buffer(trailerBuf);
                room = trailerBuf.length - trailerLen;
            }
            int n = Math.min(avail, room);
            int base = in.position();
            int before = trailerLen;
            in.get(base, trailerBuf, before, n);
            trailerLen = before + n;
            int r = trailerScanner.scan(trailerBuf, before, trailerLen);
            if (r == FieldLineScanner.NEED_MORE) {
                in.position(base + n);
                continue;
            }
            if (r == FieldLineScanner.ERROR) {
                in.position(base + n);
                fail(trailerScanner.error);
                return FAILED;
            }
            in.position(base + (trailerScanner.pos - before));
            for (int i = 0, c = trailers.size(); i < c; i++) {
                String name = trailers.name(i).toLowerCase(Locale.ROOT);
                if (FORBIDDEN_TRAILERS.contains(name)) {
                    fail(ParseError.quoting(Kind.FORBIDDEN_TRAILER_FIELD, trailerBuf,
                            trailers.nameStart(i), trailers.nameEnd(i)));
                    return FAILED;
                }
            }
            state = DONE;
            return DONE;
        }
    }

    @Override
    public boolean isComplete() {
        return state == DONE;
    }

    @Override
    public ParseError error() {
        return error;
    }

    @Override
    public Headers trailers() {
        return state == DONE ? trailers : FixedLengthBodyDecoder.NO_TRAILERS;
    }
}
