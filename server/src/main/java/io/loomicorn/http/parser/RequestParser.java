package io.loomicorn.http.parser;

import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.parser.ParseError.Kind;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static io.loomicorn.http.parser.ByteClasses.HASH;
import static io.loomicorn.http.parser.ByteClasses.LOWER;
import static io.loomicorn.http.parser.ByteClasses.TABLE;
import static io.loomicorn.http.parser.ByteClasses.TARGET;
import static io.loomicorn.http.parser.ByteClasses.TOKEN;

/**
 * The strict, incremental HTTP/1.1 request parser of one connection: bytes in, a
 * {@link RequestHead} and a {@link BodyDecoder} out, errors as {@link ParseError} values.
 * It does no I/O and throws no exception on bad input.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * RequestParser parser = new RequestParser(config);     // one per connection
 * switch (parser.parse(in)) {                            // as bytes arrive
 *     case NEED_MORE -> read more into in, call parse again
 *     case ERROR     -> answer parser.error().status(), close
 *     case COMPLETE  -> RequestHead head = parser.head(); in.position() is at the body;
 *                       read parser.body() to END (or skip it), then parser.reset()
 *                       and parse the next pipelined request from the same buffer
 * }
 * }</pre>
 * Any split of the input, byte by byte included, gives the same result. On NEED_MORE all
 * of {@code in} was consumed: the parser keeps the bytes of the head it needs in its own
 * buffer, which is bounded by {@link ParserConfig#maxHeadBytes()}.
 *
 * <h2>Limits</h2>
 * <table>
 *   <caption>What each limit bounds and the status it produces</caption>
 *   <tr><th>limit</th><th>bounds</th><th>status</th></tr>
 *   <tr><td>{@code limitRequestLine} (4094)</td><td>request line without CRLF</td><td>414</td></tr>
 *   <tr><td>{@code limitRequestFields} (100)</td><td>field lines, dropped ones included</td><td>431</td></tr>
 *   <tr><td>{@code limitRequestFieldSize} (8190)</td><td>one field line with CRLF
 *       (continuations included)</td><td>431</td></tr>
 *   <tr><td>{@link ParserConfig#maxHeadBytes()}</td><td>the whole head; each trailer section</td><td>431</td></tr>
 *   <tr><td>{@code limitRequestBody} (unlimited)</td><td>content bytes</td><td>413</td></tr>
 *   <tr><td>chunk line (4096, fixed)</td><td>one chunk-size line with extensions</td><td>400</td></tr>
 * </table>
 *
 * <h2>Rules</h2>
 * Strict by default (RFC 9110, RFC 9112, gunicorn 26's reject list with its quirks fixed);
 * the only leniencies are the opt-in flags of {@link ParserConfig}. Every violation has a
 * {@link ParseError.Kind}, which carries its status. The request line must be exactly
 * {@code method SP request-target SP HTTP-version CRLF} (RFC 9112 §3); one empty line
 * (CRLF) before it is ignored, as RFC 9112 §2.2 asks ("SHOULD ignore at least one empty
 * line"), for clients that send an extra CRLF after a body; a second one is refused. Every
 * line ends with CRLF: a bare LF or a bare CR is refused anywhere (RFC 9112 §2.2 allows
 * both choices; refusing removes a desynchronisation vector). The method is a token and, by
 * default, 3 to 20 characters without lower case or {@code #} (gunicorn's conventional
 * shape). The target rules are in {@code RequestTarget}; the version is exactly
 * {@code HTTP/DIGIT.DIGIT} (400 otherwise), major 1 (505 otherwise), and 1.2 to 1.9 are
 * served as HTTP/1.1. The field rules are in {@code FieldLineScanner}, the framing rules in
 * {@code HeadValidator}, the chunked rules in {@code ChunkedBodyDecoder} (package-private
 * classes whose documentation quotes the RFC text behind each rule; the decisions are
 * summarised in {@code docs/conformance.md}).
 *
 * <h2>Errors</h2>
 * After ERROR, {@link #error()} tells why, and the parser stays in error: {@link #parse}
 * returns ERROR without consuming anything and {@link #reset()} does not clear it, so
 * nothing after a bad request is ever processed. Body errors put the parser in error too.
 *
 * <p>Not thread-safe: one parser per connection, used by one thread at a time.
 */
public final class RequestParser {

    /** Outcome of {@link #parse}. */
    public enum Status {
        /** All input consumed; the head is not complete yet. */
        NEED_MORE,
        /** A complete head was parsed; see {@link #head()}; the input is at the first body byte. */
        COMPLETE,
        /** The input is not a valid request; see {@link #error()}. */
        ERROR
    }

    /** Empty lines ignored before a request line (RFC 9112 §2.2). */
    static final int MAX_LEADING_EMPTY_LINES = 1;

    private static final int INITIAL_BUFFER = 2048;
    /** First copy step of a connection's first head; later heads start from the previous head's size. */
    private static final int INITIAL_COPY_STEP = 512;
    /** A buffer grown above this size is given back on {@link #reset()}. */
    private static final int SHRINK_ABOVE = 16 * 1024;

    private static final int START = 0;
    private static final int LEADING_LF = 1;
    private static final int METHOD = 2;
    private static final int TARGET_BYTES = 3;
    private static final int VERSION = 4;
    private static final int LINE_LF = 5;
    private static final int FIELDS = 6;
    private static final int COMPLETE = 7;
    private static final int FAILED = 8;

    /** The head buffer of a parser that gave its own up ({@link #releaseBuffers()}). */
    private static final byte[] RELEASED = new byte[0];
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};

    private final ParserConfig config;
    private final int lineLimit;
    private final int maxHead;
    private final RequestHeaders headers = new RequestHeaders();
    private final RequestHead head = new RequestHead(headers);
    private final FieldLineScanner fieldScanner;
    private final HeadValidator validator;
    private final FixedLengthBodyDecoder fixedBody = new FixedLengthBodyDecoder();
    /** Made at the first chunked head: most connections never see one (about 700 bytes each). */
    private ChunkedBodyDecoder chunkedBody;

    private byte[] buf;
    private int len;
    private int pos;
    private int state;
    private int emptyLines;
    private int lineStart;
    private int methodEnd;
    private int methodFlags;
    private int targetStart;
    private int targetEnd;
    private int versionStart;
    private int versionEnd;
    private BodyDecoder body;
    private ParseError error;
    /** How many bytes the first copy of the next head takes (see {@link #parse}). */
    private int copyStep = INITIAL_COPY_STEP;

    /**
     * Creates the parser of one connection.
     *
     * @param config limits and leniencies
     */
    public RequestParser(ParserConfig config) {
        this.config = config;
        this.lineLimit = config.effectiveRequestLineLimit();
        this.maxHead = config.maxHeadBytes();
        this.buf = new byte[Math.min(INITIAL_BUFFER, maxHead)];
        this.fieldScanner = new FieldLineScanner(config);
        this.validator = new HeadValidator(config);
        head.clear();
    }

    /** Returns the configuration this parser was created with. */
    public ParserConfig config() {
        return config;
    }

    /**
     * Consumes bytes of a request head from {@code in}.
     *
     * @param in the connection's input, in read mode
     * @return NEED_MORE (all of {@code in} consumed), COMPLETE ({@code in.position()} at the
     *         first byte after the head) or ERROR; once COMPLETE or ERROR, later calls
     *         return the same without consuming anything until {@link #reset()}
     */
    public Status parse(ByteBuffer in) {
        if (state >= COMPLETE) {
            return state == COMPLETE ? Status.COMPLETE : Status.ERROR;
        }
        for (;;) {
            int avail = in.remaining();
            if (avail == 0) {
                return Status.NEED_MORE;
            }
            int room = buf.length - len;
            if (room == 0) {
                if (buf == RELEASED) {
                    buf = new byte[Math.min(maxHead, Math.max(INITIAL_COPY_STEP, 2 * copyStep))];
                } else if (buf.length >= maxHead) {
                    return fail(ParseError.of(Kind.HEAD_TOO_LARGE, "more than " + maxHead + " bytes"));
                } else {
                    buf = Arrays.copyOf(buf, (int) Math.min(maxHead, 2L * buf.length));
                }
                room = buf.length - len;
            }
            // Copy, scan, then give back what follows the head: the engine's buffer keeps the
            // body and any pipelined request. Copying everything that fits (up to the buffer
            // size) for every request copied 10x the input of 16 pipelined GETs, so the first
            // copy takes about the size of the previous head of the connection, and each
            // further copy as much as is already buffered (A/B: -7% on 16 pipelined GETs).
            int n = Math.min(Math.min(avail, room), Math.max(copyStep, len));
            int base = in.position();
            int before = len;
            in.get(base, buf, before, n);
            len = before + n;
            int r = scan();
            if (r == FieldLineScanner.NEED_MORE) {
                in.position(base + n);
                continue;
            }
            if (r == FieldLineScanner.ERROR) {
                in.position(base + n);
                return Status.ERROR;
            }
            in.position(base + (pos - before));
            return Status.COMPLETE;
        }
    }

    /** Scans {@code buf[pos, len)}; returns a {@link FieldLineScanner} status. */
    private int scan() {
        final byte[] a = buf;
        final byte[] t = TABLE;
        final int end = len;
        int i = pos;
        int st = state;
        for (;;) {
            switch (st) {
                case START: {
                    if (i >= end) {
                        return suspend(START, i);
                    }
                    byte b = a[i];
                    if (b == '\r') {
                        if (emptyLines >= MAX_LEADING_EMPTY_LINES) {
                            return failScan(ParseError.of(Kind.UNEXPECTED_EMPTY_LINE));
                        }
                        i++;
                        st = LEADING_LF;
                        continue;
                    }
                    if (b == '\n') {
                        return failScan(ParseError.of(Kind.INVALID_LINE_ENDING, "LF without CR before the request line"));
                    }
                    lineStart = i;
                    methodFlags = 0;
                    st = METHOD;
                }
                // fall through
                case METHOD: {
                    int flags = methodFlags;
                    int c;
                    while (i < end && ((c = t[a[i] & 0xff]) & TOKEN) != 0) {
                        flags |= c;
                        i++;
                    }
                    methodFlags = flags;
                    if (i - lineStart > lineLimit) {
                        return lineTooLong(i);
                    }
                    if (i >= end) {
                        return suspend(METHOD, i);
                    }
                    byte b = a[i];
                    if (b != ' ' || i == lineStart) {
                        return failScan(methodError(a, i, end));
                    }
                    methodEnd = i;
                    i++;
                    targetStart = i;
                    st = TARGET_BYTES;
                }
                // fall through
                case TARGET_BYTES: {
                    while (i < end && (t[a[i] & 0xff] & TARGET) != 0) {
                        i++;
                    }
                    if (i - lineStart > lineLimit) {
                        return lineTooLong(i);
                    }
                    if (i >= end) {
                        return suspend(TARGET_BYTES, i);
                    }
                    byte b = a[i];
                    if (b != ' ') {
                        return failScan(targetError(a, i, b));
                    }
                    if (i == targetStart) {
                        return failScan(ParseError.of(Kind.INVALID_REQUEST_LINE, "empty target or double space"));
                    }
                    targetEnd = i;
                    i++;
                    versionStart = i;
                    st = VERSION;
                }
                // fall through
                case VERSION: {
                    while (i < end && (t[a[i] & 0xff] & TARGET) != 0) {
                        i++;
                    }
                    if (i - lineStart > lineLimit) {
                        return lineTooLong(i);
                    }
                    if (i >= end) {
                        return suspend(VERSION, i);
                    }
                    byte b = a[i];
                    if (b != '\r') {
                        return failScan(b == ' ' ? ParseError.of(Kind.INVALID_REQUEST_LINE, "more than three parts")
                                : b == '\n' ? ParseError.of(Kind.INVALID_LINE_ENDING, "LF without CR after the request line")
                                : ParseError.quoting(Kind.INVALID_VERSION, a, versionStart, i + 1));
                    }
                    versionEnd = i;
                    i++;
                    st = LINE_LF;
                }
                // fall through
                case LINE_LF: {
                    if (i >= end) {
                        return suspend(LINE_LF, i);
                    }
                    if (a[i] != '\n') {
                        return failScan(ParseError.of(Kind.INVALID_LINE_ENDING, "CR without LF after the request line"));
                    }
                    i++;
                    ParseError e = requestLine(a);
                    if (e != null) {
                        return failScan(e);
                    }
                    fieldScanner.reset(headers);
                    st = FIELDS;
                }
                // fall through
                case FIELDS: {
                    int r = fieldScanner.scan(a, i, end);
                    if (r == FieldLineScanner.NEED_MORE) {
                        return suspend(FIELDS, fieldScanner.pos);
                    }
                    if (r == FieldLineScanner.ERROR) {
                        return failScan(fieldScanner.error);
                    }
                    pos = fieldScanner.pos;
                    return completeHead(a);
                }
                case LEADING_LF: {
                    if (i >= end) {
                        return suspend(LEADING_LF, i);
                    }
                    if (a[i] != '\n') {
                        return failScan(ParseError.of(Kind.INVALID_LINE_ENDING, "CR without LF before the request line"));
                    }
                    i++;
                    emptyLines++;
                    st = START;
                    continue;
                }
                default:
                    throw new IllegalStateException("state " + st);
            }
        }
    }

    /** Applies the request line rules once the line is complete. */
    private ParseError requestLine(byte[] a) {
        // Method: token (checked while scanning); conventional shape unless permitted.
        int mlen = methodEnd - lineStart;
        if (!config.permitUnconventionalHttpMethod()
                && (mlen < 3 || mlen > 20 || (methodFlags & (LOWER | HASH)) != 0)) {
            return ParseError.quoting(Kind.INVALID_METHOD, a, lineStart, methodEnd);
        }
        if (config.casefoldHttpMethod() && (methodFlags & LOWER) != 0) {
            for (int k = lineStart; k < methodEnd; k++) {
                if (a[k] >= 'a' && a[k] <= 'z') {
                    a[k] -= 32;
                }
            }
        }
        RequestHead h = head;
        h.methodStart = lineStart;
        h.methodEnd = methodEnd;
        String known = RequestHead.knownMethod(a, lineStart, methodEnd);
        h.method = known;
        h.isHead = "HEAD".equals(known);

        // Target: one of the four forms of RFC 9112 §3.2.
        int form = RequestTarget.classify(a, targetStart, targetEnd, "CONNECT".equals(known), "OPTIONS".equals(known));
        if (form == RequestTarget.INVALID) {
            return ParseError.quoting(Kind.INVALID_TARGET, a, targetStart, targetEnd);
        }
        h.form = form;
        h.targetStart = targetStart;
        h.targetEnd = targetEnd;
        if (form == RequestTarget.ABSOLUTE) {
            h.absolutePathStart = RequestTarget.absolutePathStart(a, targetStart, targetEnd);
        }

        // HTTP-version = HTTP-name "/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3).
        int v = versionStart;
        if (versionEnd - v != 8 || !Arrays.equals(a, v, v + 5, HTTP_SLASH, 0, 5)
                || !isDigit(a[v + 5]) || a[v + 6] != '.' || !isDigit(a[v + 7])) {
            return ParseError.quoting(Kind.INVALID_VERSION, a, v, versionEnd);
        }
        int major = a[v + 5] - '0';
        int minor = a[v + 7] - '0';
        if (major != 1 && !config.permitUnconventionalHttpVersion()) {
            // RFC 9110 §15.6.6: 505 for a major version the server does not support.
            return ParseError.of(Kind.UNSUPPORTED_VERSION, "HTTP/" + major + "." + minor);
        }
        h.versionMajor = major;
        h.versionMinor = minor;
        // RFC 9110 §2.5: a higher minor version is processed as the highest one implemented.
        h.version = major == 0 || (major == 1 && minor == 0) ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        return null;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private int completeHead(byte[] a) {
        RequestHead h = head;
        h.buf = a;
        headers.buffer(a);
        h.headLength = pos;
        ParseError e = validator.validate(h);
        if (e != null) {
            return failScan(e);
        }
        state = COMPLETE;
        copyStep = Math.max(64, Math.min(INITIAL_BUFFER, pos + (pos >> 2) + 16));
        if (h.chunked) {
            if (chunkedBody == null) {
                chunkedBody = new ChunkedBodyDecoder(this, config);
            }
            chunkedBody.start();
            body = chunkedBody;
        } else {
            fixedBody.start(h.contentLength);
            body = fixedBody;
        }
        return FieldLineScanner.DONE;
    }

    private ParseError methodError(byte[] a, int i, int end) {
        byte b = a[i];
        if (b == ' ') {
            return ParseError.of(Kind.INVALID_REQUEST_LINE, "request line starts with a space");
        }
        if (b == '\r') {
            return ParseError.of(Kind.INVALID_REQUEST_LINE, "request line without target and version");
        }
        if (b == '\n') {
            return ParseError.of(Kind.INVALID_LINE_ENDING, "LF without CR in the request line");
        }
        return ParseError.quoting(Kind.INVALID_METHOD, a, lineStart, Math.min(end, i + 1));
    }

    private ParseError targetError(byte[] a, int i, byte b) {
        if (b == '\r') {
            return ParseError.of(Kind.INVALID_REQUEST_LINE, "request line without version");
        }
        if (b == '\n') {
            return ParseError.of(Kind.INVALID_LINE_ENDING, "LF without CR in the request line");
        }
        return ParseError.quoting(Kind.INVALID_TARGET, a, targetStart, i + 1);
    }

    private int lineTooLong(int i) {
        return failScan(ParseError.of(Kind.REQUEST_LINE_TOO_LONG, "more than " + lineLimit + " bytes"));
    }

    private int suspend(int st, int i) {
        state = st;
        pos = i;
        return FieldLineScanner.NEED_MORE;
    }

    private int failScan(ParseError e) {
        fail(e);
        return FieldLineScanner.ERROR;
    }

    private Status fail(ParseError e) {
        if (state != FAILED) {
            error = e;
            state = FAILED;
        }
        return Status.ERROR;
    }

    /** Called by a body decoder that found an error: the connection is done. */
    void bodyFailed(ParseError e) {
        fail(e);
    }

    /**
     * Returns the head parsed by the last COMPLETE; valid until {@link #reset()}.
     *
     * @throws IllegalStateException if no complete head is available
     */
    public RequestHead head() {
        if (state != COMPLETE) {
            throw new IllegalStateException("no complete request head");
        }
        return head;
    }

    /** Returns the error of the last ERROR (of the head or of a body), or null. */
    public ParseError error() {
        return error;
    }

    /**
     * Returns the decoder of the current head's body: a Content-Length body, a chunked
     * body, or an empty body that returns END at once.
     *
     * @throws IllegalStateException if no complete head is available
     */
    public BodyDecoder body() {
        if (body == null) {
            throw new IllegalStateException("no complete request head");
        }
        return body;
    }

    /**
     * Prepares for the next request on the same connection. Does nothing after an error
     * (the connection must close). A head buffer that grew above 16 KiB for a large head is
     * released, so an idle connection holds at most 16 KiB.
     *
     * @throws IllegalStateException if the current body was not read (or skipped) to its
     *         end: its remaining bytes would otherwise be parsed as the next request
     */
    public void reset() {
        if (state == FAILED) {
            return;
        }
        if (body != null && !body.isComplete()) {
            throw new IllegalStateException("the request body was not read to its end");
        }
        headers.clear();
        head.clear();
        if (buf.length > SHRINK_ABOVE) {
            buf = new byte[Math.min(INITIAL_BUFFER, maxHead)];
        }
        len = 0;
        pos = 0;
        state = START;
        emptyLines = 0;
        body = null;
    }

    /**
     * Gives up the head buffer and the field tables while no byte of a next head has
     * arrived, so that a connection that idles holds none of them (about 2.5 KiB after a
     * first head); the next {@link #parse} makes a head buffer of about twice the previous
     * head's size. For a connection that really idles: giving them up between requests of
     * a busy connection costs new ones per request. Does nothing otherwise.
     *
     * @return whether they were given up
     */
    public boolean releaseBuffers() {
        if (state != START || len != 0 || buf == RELEASED) {
            return false;
        }
        buf = RELEASED;
        head.buf = RELEASED; // the last head's views of it
        headers.buffer(RELEASED);
        headers.release();
        return true;
    }

    /**
     * Tells whether no byte of the next request has been seen: true after construction and
     * after {@link #reset()} until the first byte of a request line arrives (an ignored
     * leading empty line does not count). An engine uses it to tell an idle keep-alive
     * connection from a request in progress.
     */
    public boolean isIdle() {
        return state == START || state == LEADING_LF;
    }

    /**
     * Tells the parser that the peer closed its side. Returns null when that is a clean end
     * (idle, or the current body is complete), else the error to log and, if possible,
     * answer: a truncated head or body. The parser is in error afterwards.
     *
     * @return null, or the error
     */
    public ParseError endOfInput() {
        switch (state) {
            case START, LEADING_LF -> {
                return null;
            }
            case FAILED -> {
                return error;
            }
            case COMPLETE -> {
                if (body.isComplete()) {
                    return null;
                }
                fail(ParseError.of(Kind.TRUNCATED_BODY));
                return error;
            }
            default -> {
                fail(ParseError.of(Kind.TRUNCATED_HEAD));
                return error;
            }
        }
    }

    /** Returns the capacity of the head buffer: what the parser holds (tests of the buffering bound and of idle connections). */
    public int bufferCapacity() {
        return buf.length;
    }

    /** Returns the capacity of the chunked decoder's trailer buffer, for tests of the buffering bound. */
    int trailerBufferCapacity() {
        return chunkedBody == null ? 0 : chunkedBody.trailerBufferCapacity();
    }
}
