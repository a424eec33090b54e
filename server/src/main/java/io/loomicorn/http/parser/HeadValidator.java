package io.loomicorn.http.parser;

import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.parser.ParseError.Kind;

import java.nio.charset.StandardCharsets;

import static io.loomicorn.http.parser.ByteClasses.TABLE;
import static io.loomicorn.http.parser.ByteClasses.TOKEN;

/**
 * The rules about particular header fields, applied once a head is complete: body framing
 * (Content-Length, Transfer-Encoding), Host, Content-Type, Connection and Expect. It fills
 * in the framing decisions of the {@link RequestHead} or returns the first violation, in
 * the order of the fields, then in the order of the checks below.
 *
 * <p>Decisions, with the RFC text they follow:
 * <ul>
 *   <li>Content-Length must be 1*DIGIT, without sign, list or whitespace inside, and fit a
 *       {@code long} (RFC 9110 §8.6: "a recipient MUST anticipate potentially large decimal
 *       numerals and prevent parsing errors due to integer conversion overflows"). A second
 *       Content-Length line is refused <em>even when the values are equal</em>: RFC 9112
 *       §6.3 allows either rejecting or collapsing equal values, and refusing leaves no
 *       room for a proxy in front to have picked another line.</li>
 *   <li>Transfer-Encoding values of all lines form one list. Empty list elements are
 *       ignored (RFC 9110 §5.6.1). {@code chunked} must be the last coding and appear once;
 *       {@code identity} before it is ignored (it was removed from the registry by RFC 7230
 *       but is harmless and gunicorn accepts it); any other coding, {@code gzip},
 *       {@code deflate} and {@code compress} included, is answered with 501: Loomicorn does
 *       not decode transfer codings, and handing still-compressed bytes to an application
 *       as the body would silently corrupt it (RFC 9112 §6.1: a server SHOULD answer 501 to
 *       a transfer coding it does not understand). Elements are trimmed of SP and HTAB only,
 *       never of other whitespace (gunicorn issue #3364). A list that does not end in
 *       chunked is refused with 400 (RFC 9112 §6.3: the server MUST respond 400).</li>
 *   <li>Transfer-Encoding on HTTP/1.0 is refused (RFC 9112 §6.1: the framing "MUST" be
 *       treated as faulty), and so is Content-Length together with Transfer-Encoding
 *       (RFC 9112 §6.1 allows rejecting it; it is the classic smuggling vector).</li>
 *   <li>HTTP/1.1 without Host, more than one Host line, or a Host value that is not
 *       {@code uri-host [":" port]} is refused (RFC 9112 §3.2: a server MUST respond 400).</li>
 *   <li>More than one Content-Type line is refused (gunicorn 26.1 does the same).</li>
 *   <li>Expect: every element of every Expect line must be {@code 100-continue}
 *       (case-insensitive), else 417 (RFC 9110 §10.1.1). It only sets
 *       {@link RequestHead#expectContinue()} on HTTP/1.1.</li>
 *   <li>A Content-Length above {@code limitRequestBody} is refused with 413 at once.</li>
 * </ul>
 */
final class HeadValidator {

    private static final byte[] HOST = bytes("host");
    private static final byte[] EXPECT = bytes("expect");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] CONTENT_TYPE = bytes("content-type");
    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");

    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] IDENTITY = bytes("identity");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] KEEP_ALIVE = bytes("keep-alive");
    private static final byte[] CONTINUE = bytes("100-continue");

    private final long bodyLimit;

    // state of one validation
    private boolean teSeen;
    private boolean chunkedLast;
    private boolean chunkedSeen;
    private boolean close;
    private boolean keepAliveToken;
    private boolean expect100;
    private ParseError pending;

    HeadValidator(ParserConfig config) {
        this.bodyLimit = config.effectiveBodyLimit();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Applies the rules to a complete head and fills in its framing decisions.
     *
     * @return null, or the first violation
     */
    ParseError validate(RequestHead head) {
        RequestHeaders h = head.headers;
        teSeen = false;
        chunkedLast = false;
        chunkedSeen = false;
        close = false;
        keepAliveToken = false;
        expect100 = false;
        pending = null;
        int host = -1;
        boolean contentType = false;
        long contentLength = -1;

        for (int i = 0, n = h.size(); i < n; i++) {
            switch (h.nameEnd(i) - h.nameStart(i)) {
                case 4 -> {
                    if (h.nameEquals(i, HOST)) {
                        if (host >= 0) {
                            return ParseError.of(Kind.DUPLICATE_HOST);
                        }
                        host = i;
                        if (!withValue(h, i, RULE_HOST)) {
                            return pending;
                        }
                    }
                }
                case 6 -> {
                    if (h.nameEquals(i, EXPECT) && !withValue(h, i, RULE_EXPECT)) {
                        return pending;
                    }
                }
                case 10 -> {
                    if (h.nameEquals(i, CONNECTION)) {
                        withValue(h, i, RULE_CONNECTION);
                    }
                }
                case 12 -> {
                    if (h.nameEquals(i, CONTENT_TYPE)) {
                        if (contentType) {
                            return ParseError.of(Kind.DUPLICATE_CONTENT_TYPE);
                        }
                        contentType = true;
                    }
                }
                case 14 -> {
                    if (h.nameEquals(i, CONTENT_LENGTH)) {
                        if (contentLength >= 0) {
                            return ParseError.of(Kind.DUPLICATE_CONTENT_LENGTH);
                        }
                        if (!withValue(h, i, RULE_CONTENT_LENGTH)) {
                            return pending;
                        }
                        contentLength = parsedLength;
                    }
                }
                case 17 -> {
                    if (h.nameEquals(i, TRANSFER_ENCODING)) {
                        teSeen = true;
                        if (!withValue(h, i, RULE_TRANSFER_ENCODING)) {
                            return pending;
                        }
                    }
                }
                default -> { }
            }
        }

        boolean http11 = head.version == HttpVersion.HTTP_1_1;
        if (teSeen) {
            if (!http11) {
                return ParseError.of(Kind.TRANSFER_ENCODING_ON_HTTP_1_0);
            }
            if (contentLength >= 0) {
                return ParseError.of(Kind.CONTENT_LENGTH_WITH_TRANSFER_ENCODING);
            }
            if (!chunkedLast) {
                return ParseError.of(Kind.INVALID_TRANSFER_ENCODING, "chunked is not the final coding");
            }
        }
        if (host < 0 && http11) {
            return ParseError.of(Kind.MISSING_HOST);
        }
        if (contentLength > bodyLimit) {
            return ParseError.of(Kind.BODY_TOO_LARGE, contentLength + " > " + bodyLimit);
        }
        head.hostIndex = host;
        head.chunked = teSeen;
        head.contentLength = teSeen ? -1 : Math.max(0, contentLength);
        head.keepAlive = !close && (http11 || keepAliveToken);
        head.expectContinue = http11 && expect100;
        return null;
    }

    private static final int RULE_HOST = 0;
    private static final int RULE_EXPECT = 1;
    private static final int RULE_CONNECTION = 2;
    private static final int RULE_CONTENT_LENGTH = 3;
    private static final int RULE_TRANSFER_ENCODING = 4;

    private long parsedLength;

    /** Applies a value rule to field {@code i}, reading the joined value if it was folded. */
    private boolean withValue(RequestHeaders h, int i, int rule) {
        byte[] a;
        int from;
        int to;
        if (h.isFolded(i)) {
            a = h.value(i).getBytes(StandardCharsets.ISO_8859_1);
            from = 0;
            to = a.length;
        } else {
            a = h.buffer();
            from = h.valueStart(i);
            to = h.valueEnd(i);
        }
        return switch (rule) {
            case RULE_HOST -> host(a, from, to);
            case RULE_EXPECT -> expect(a, from, to);
            case RULE_CONNECTION -> connection(a, from, to);
            case RULE_CONTENT_LENGTH -> contentLength(a, from, to);
            default -> transferEncoding(a, from, to);
        };
    }

    private boolean host(byte[] a, int from, int to) {
        if (!RequestTarget.isValidHost(a, from, to)) {
            pending = ParseError.quoting(Kind.INVALID_HOST, a, from, to);
            return false;
        }
        return true;
    }

    private boolean contentLength(byte[] a, int from, int to) {
        // Content-Length = 1*DIGIT (RFC 9110 §8.6)
        if (from == to) {
            pending = ParseError.of(Kind.INVALID_CONTENT_LENGTH, "empty value");
            return false;
        }
        long v = 0;
        for (int k = from; k < to; k++) {
            int d = a[k] - '0';
            if (d < 0 || d > 9) {
                pending = ParseError.quoting(Kind.INVALID_CONTENT_LENGTH, a, from, to);
                return false;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                pending = ParseError.of(Kind.INVALID_CONTENT_LENGTH, "value does not fit 63 bits");
                return false;
            }
            v = v * 10 + d;
        }
        parsedLength = v;
        return true;
    }

    private boolean transferEncoding(byte[] a, int from, int to) {
        // transfer-coding list, RFC 9112 §6.1 / RFC 9110 §5.6.1; elements trimmed of OWS only
        int i = from;
        while (i <= to) {
            int e = i;
            while (e < to && a[e] != ',') {
                e++;
            }
            int s = i;
            int t = e;
            while (s < t && (a[s] == ' ' || a[s] == '\t')) {
                s++;
            }
            while (t > s && (a[t - 1] == ' ' || a[t - 1] == '\t')) {
                t--;
            }
            if (s < t && !coding(a, s, t)) {
                return false;
            }
            i = e + 1;
        }
        return true;
    }

    private boolean coding(byte[] a, int s, int t) {
        if (chunkedSeen) {
            pending = ParseError.of(Kind.INVALID_TRANSFER_ENCODING, "chunked is not the final coding");
            return false;
        }
        int nameEnd = s;
        while (nameEnd < t && (TABLE[a[nameEnd] & 0xff] & TOKEN) != 0) {
            nameEnd++;
        }
        if (nameEnd == s || (nameEnd < t && a[nameEnd] != ';' && a[nameEnd] != ' ' && a[nameEnd] != '\t')) {
            pending = ParseError.quoting(Kind.INVALID_TRANSFER_ENCODING, a, s, t);
            return false;
        }
        boolean params = nameEnd < t;
        if (equalsIgnoreCase(a, s, nameEnd, CHUNKED) || equalsIgnoreCase(a, s, nameEnd, IDENTITY)) {
            if (params) {
                // neither chunked nor identity takes parameters (RFC 9112 §7)
                pending = ParseError.quoting(Kind.INVALID_TRANSFER_ENCODING, a, s, t);
                return false;
            }
            chunkedSeen = a[s] == 'c' || a[s] == 'C';
            chunkedLast = chunkedSeen;
            return true;
        }
        pending = ParseError.quoting(Kind.UNSUPPORTED_TRANSFER_CODING, a, s, t);
        return false;
    }

    private boolean connection(byte[] a, int from, int to) {
        int i = from;
        while (i <= to) {
            int e = i;
            while (e < to && a[e] != ',') {
                e++;
            }
            int s = i;
            int t = e;
            while (s < t && (a[s] == ' ' || a[s] == '\t')) {
                s++;
            }
            while (t > s && (a[t - 1] == ' ' || a[t - 1] == '\t')) {
                t--;
            }
            if (equalsIgnoreCase(a, s, t, CLOSE)) {
                close = true;
            } else if (equalsIgnoreCase(a, s, t, KEEP_ALIVE)) {
                keepAliveToken = true;
            }
            i = e + 1;
        }
        return true;
    }

    private boolean expect(byte[] a, int from, int to) {
        int i = from;
        boolean any = false;
        while (i <= to) {
            int e = i;
            while (e < to && a[e] != ',') {
                e++;
            }
            int s = i;
            int t = e;
            while (s < t && (a[s] == ' ' || a[s] == '\t')) {
                s++;
            }
            while (t > s && (a[t - 1] == ' ' || a[t - 1] == '\t')) {
                t--;
            }
            if (s < t) {
                if (!equalsIgnoreCase(a, s, t, CONTINUE)) {
                    pending = ParseError.quoting(Kind.EXPECTATION_FAILED, a, from, to);
                    return false;
                }
                any = true;
            }
            i = e + 1;
        }
        if (!any) {
            pending = ParseError.of(Kind.EXPECTATION_FAILED, "empty Expect");
            return false;
        }
        expect100 = true;
        return true;
    }

    /** ASCII case-insensitive comparison against a lower-case constant of letters, digits and '-'. */
    private static boolean equalsIgnoreCase(byte[] a, int s, int t, byte[] lower) {
        int n = lower.length;
        if (t - s != n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int b = a[s + k];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lower[k]) {
                return false;
            }
        }
        return true;
    }
}
