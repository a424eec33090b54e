package io.loomicorn.http.parser;

import io.loomicorn.http.parser.ParseError.Kind;

import static io.loomicorn.http.parser.ByteClasses.TABLE;
import static io.loomicorn.http.parser.ByteClasses.TOKEN;
import static io.loomicorn.http.parser.ByteClasses.UNDERSCORE;
import static io.loomicorn.http.parser.ByteClasses.VALUE;

/**
 * A resumable lexer for a field section (the header fields of a request, or the trailer
 * fields of a chunked body), up to and including the empty line that ends it.
 *
 * <p>It works on bytes its owner has already copied into a buffer, records each field's
 * offsets into a {@link RequestHeaders}, and can stop at any byte and continue later from
 * the same position, so any split of the input gives the same result. It checks the
 * syntax only (RFC 9112 §5): a token name, a colon right after it, a value without control
 * characters, CRLF line endings, and the count and size limits. The meaning of particular
 * fields is checked by {@link HeadValidator} once the section is complete.
 *
 * <p>Size checks happen wherever scanning stops (at the end of the available bytes, at a
 * bad byte, or at the end of a line) and always before the byte-level verdict, so that an
 * oversized line is reported as too large whichever way the input was split.
 */
final class FieldLineScanner {

    static final int NEED_MORE = 0;
    static final int DONE = 1;
    static final int ERROR = 2;

    private static final int LINE_START = 0;
    private static final int NAME = 1;
    private static final int OWS = 2;
    private static final int VALUE_BYTES = 3;
    private static final int VALUE_LF = 4;
    private static final int END_LF = 5;
    private static final int FINISHED = 6;

    private final int maxFields;
    private final int maxFieldSize;
    private final boolean permitFolding;
    private final ParserConfig.HeaderMap headerMap;

    private RequestHeaders out;
    private int state;
    private int lineStart;
    private int nameStart;
    private int nameEnd;
    private int nameFlags;
    private int valueStart;
    private int valueEnd;
    private int fields;
    private boolean continuation;
    private boolean lastDropped;

    /** Position after the last byte scanned; after DONE, the first byte after the empty line. */
    int pos;
    /** The error after ERROR. */
    ParseError error;

    FieldLineScanner(ParserConfig config) {
        this.maxFields = config.limitRequestFields();
        this.maxFieldSize = config.effectiveFieldSizeLimit();
        this.permitFolding = config.permitObsoleteFolding();
        this.headerMap = config.headerMap();
    }

    /** Starts a new field section whose fields go to {@code out}. */
    void reset(RequestHeaders out) {
        this.out = out;
        this.state = LINE_START;
        this.fields = 0;
        this.continuation = false;
        this.lastDropped = false;
        this.error = null;
    }

    /** Returns the number of field lines seen, dropped ones included. */
    int fieldCount() {
        return fields;
    }

    /**
     * Scans {@code a[i, end)}, continuing where the previous call stopped.
     *
     * @return {@link #NEED_MORE} (everything scanned, {@link #pos} == end),
     *         {@link #DONE} ({@link #pos} after the empty line) or {@link #ERROR}
     */
    int scan(byte[] a, int i, int end) {
        final byte[] t = TABLE;
        int st = state;
        for (;;) {
            switch (st) {
                case LINE_START: {
                    if (i >= end) {
                        return suspend(LINE_START, i);
                    }
                    byte b = a[i];
                    if (b == '\r') {
                        i++;
                        st = END_LF;
                        continue;
                    }
                    if (b == ' ' || b == '\t') {
                        // RFC 9112 §5.2: obs-fold is rejected unless explicitly permitted;
                        // §2.2: whitespace before the first field line is always rejected.
                        if (!permitFolding || fields == 0) {
                            return fail(ParseError.quoting(Kind.OBSOLETE_FOLDING, a, i, lineEnd(a, i, end)));
                        }
                        continuation = true;
                        st = OWS;
                        continue;
                    }
                    lineStart = i;
                    nameStart = i;
                    nameFlags = 0;
                    continuation = false;
                    st = NAME;
                }
                // fall through
                case NAME: {
                    int flags = nameFlags;
                    int c;
                    while (i < end && ((c = t[a[i] & 0xff]) & TOKEN) != 0) {
                        flags |= c;
                        i++;
                    }
                    nameFlags = flags;
                    if (i - lineStart > maxFieldSize) {
                        return fieldTooLarge(i);
                    }
                    if (i >= end) {
                        return suspend(NAME, i);
                    }
                    byte b = a[i];
                    if (b != ':') {
                        return fail(nameError(a, i, b, end));
                    }
                    if (i == nameStart) {
                        return fail(ParseError.of(Kind.INVALID_FIELD_NAME, "empty name"));
                    }
                    nameEnd = i;
                    i++;
                    st = OWS;
                }
                // fall through
                case OWS: {
                    while (i < end && (a[i] == ' ' || a[i] == '\t')) {
                        i++;
                    }
                    if (i - lineStart > maxFieldSize) {
                        return fieldTooLarge(i);
                    }
                    if (i >= end) {
                        return suspend(OWS, i);
                    }
                    if (!continuation) {
                        valueStart = i;
                    }
                    st = VALUE_BYTES;
                }
                // fall through
                case VALUE_BYTES: {
                    i = Swar.skipFieldValue(a, i, end);
                    while (i < end && (t[a[i] & 0xff] & VALUE) != 0) {
                        i++;
                    }
                    if (i - lineStart > maxFieldSize) {
                        return fieldTooLarge(i);
                    }
                    if (i >= end) {
                        return suspend(VALUE_BYTES, i);
                    }
                    if (a[i] != '\r') {
                        // RFC 9110 §5.5: CR, LF and NUL are never allowed in a value, and
                        // other CTLs are rejected too; RFC 9112 §2.2: a bare LF is not a line end.
                        Kind kind = a[i] == '\n' ? Kind.INVALID_LINE_ENDING : Kind.INVALID_FIELD_VALUE;
                        return fail(ParseError.quoting(kind, a, Math.max(lineStart, i - 24), i + 1));
                    }
                    int ve = i;
                    while (ve > valueStart && (a[ve - 1] == ' ' || a[ve - 1] == '\t')) {
                        ve--;
                    }
                    valueEnd = ve;
                    i++;
                    st = VALUE_LF;
                }
                // fall through
                case VALUE_LF: {
                    if (i - lineStart > maxFieldSize) {
                        return fieldTooLarge(i);
                    }
                    if (i >= end) {
                        return suspend(VALUE_LF, i);
                    }
                    if (a[i] != '\n') {
                        return fail(ParseError.of(Kind.INVALID_LINE_ENDING, "CR without LF in a header field"));
                    }
                    i++;
                    // gunicorn's accounting: a field line counts with its CRLF.
                    if (i - lineStart > maxFieldSize) {
                        return fieldTooLarge(i);
                    }
                    if (continuation) {
                        if (lastDropped) {
                            out.extendLastDropped(valueEnd);
                        } else {
                            out.extendLast(valueEnd);
                        }
                    } else if (!endField(a)) {
                        return ERROR;
                    }
                    st = LINE_START;
                    continue;
                }
                case END_LF: {
                    if (i >= end) {
                        return suspend(END_LF, i);
                    }
                    if (a[i] != '\n') {
                        return fail(ParseError.of(Kind.INVALID_LINE_ENDING, "CR without LF after the header fields"));
                    }
                    state = FINISHED;
                    pos = i + 1;
                    return DONE;
                }
                default:
                    throw new IllegalStateException("scan after the end of the field section");
            }
        }
    }

    private boolean endField(byte[] a) {
        if (++fields > maxFields) {
            fail(ParseError.of(Kind.TOO_MANY_FIELDS, "more than " + maxFields));
            return false;
        }
        if ((nameFlags & UNDERSCORE) != 0) {
            switch (headerMap) {
                case DROP -> {
                    // Kept aside, not in the headers: a trusted proxy may send SCRIPT_NAME.
                    lastDropped = true;
                    out.addDropped(nameStart, nameEnd, valueStart, valueEnd);
                    return true;
                }
                case REFUSE -> {
                    fail(ParseError.quoting(Kind.UNDERSCORE_IN_FIELD_NAME, a, nameStart, nameEnd));
                    return false;
                }
                case DANGEROUS -> { }
            }
        }
        lastDropped = false;
        out.add(nameStart, nameEnd, valueStart, valueEnd);
        return true;
    }

    private ParseError nameError(byte[] a, int i, byte b, int end) {
        if (b == ' ' || b == '\t') {
            // RFC 9112 §5.1: "A server MUST reject ... any received request message that
            // contains whitespace between a header field name and colon with a response
            // status code of 400 (Bad Request)."
            return ParseError.quoting(Kind.WHITESPACE_BEFORE_COLON, a, nameStart, i + 1);
        }
        if (b == '\r') {
            return ParseError.quoting(Kind.MISSING_COLON, a, nameStart, i);
        }
        if (b == '\n') {
            return ParseError.of(Kind.INVALID_LINE_ENDING, "LF without CR in a header field");
        }
        return ParseError.quoting(Kind.INVALID_FIELD_NAME, a, nameStart, Math.min(end, i + 1));
    }

    private int fieldTooLarge(int i) {
        return fail(ParseError.of(Kind.FIELD_TOO_LARGE, "more than " + maxFieldSize + " bytes"));
    }

    private static int lineEnd(byte[] a, int from, int end) {
        int i = from;
        while (i < end && a[i] != '\r' && a[i] != '\n') {
            i++;
        }
        return i;
    }

    private int suspend(int st, int i) {
        state = st;
        pos = i;
        return NEED_MORE;
    }

    private int fail(ParseError e) {
        if (error == null) {
            error = e;
        }
        state = FINISHED;
        return ERROR;
    }
}
