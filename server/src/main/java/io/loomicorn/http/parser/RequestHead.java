package io.loomicorn.http.parser;

import io.loomicorn.http.Headers;
import io.loomicorn.http.HttpVersion;


/**
 * A parsed request head: request line, header fields and the framing decisions the parser
 * took from them.
 *
 * <p>The head is owned and reused by its {@link RequestParser}: it is valid from
 * {@link RequestParser.Status#COMPLETE} until {@link RequestParser#reset()}. Its Strings are
 * made from the parser's buffer on first access and cached for the request (the common
 * methods are constants), so reading only what is needed allocates only that. Strings
 * already returned stay valid after the reset.
 *
 * <p>Everything here was checked by the parser: the method and field names are tokens,
 * values carry no control characters, the target has one of the four forms of RFC 9112
 * §3.2, and the body framing is unambiguous.
 */
public final class RequestHead {

    byte[] buf;
    int methodStart;
    int methodEnd;
    String method;
    boolean isHead;
    int targetStart;
    int targetEnd;
    int form;
    /** Absolute-form: index after the authority. */
    int absolutePathStart;
    HttpVersion version;
    int versionMajor;
    int versionMinor;
    final RequestHeaders headers;
    long contentLength;
    boolean chunked;
    boolean keepAlive;
    boolean expectContinue;
    int hostIndex;
    int headLength;

    private String target;
    /** The Host value of the previous request on this connection; usually the same. */
    private String previousHost;
    private String path;
    private String query;
    private int queryStart;
    private int fragmentStart;
    private boolean pathHasPercent;

    RequestHead(RequestHeaders headers) {
        this.headers = headers;
    }

    /** Forgets the previous request's cached Strings. */
    void clear() {
        method = null;
        target = null;
        path = null;
        query = null;
        queryStart = -2;
        fragmentStart = -2;
        hostIndex = -1;
    }

    /**
     * Finds the constant for a common method spelled exactly as received, or returns null.
     * Called once per request line; a switch on the length and direct byte compares (a loop
     * over a table of Strings showed up at 4% of 16 pipelined GETs).
     */
    static String knownMethod(byte[] a, int from, int to) {
        switch (to - from) {
            case 3 -> {
                if (a[from + 1] == 'E' && a[from + 2] == 'T' && a[from] == 'G') {
                    return "GET";
                }
                if (a[from] == 'P' && a[from + 1] == 'U' && a[from + 2] == 'T') {
                    return "PUT";
                }
            }
            case 4 -> {
                if (a[from] == 'P' && a[from + 1] == 'O' && a[from + 2] == 'S' && a[from + 3] == 'T') {
                    return "POST";
                }
                if (a[from] == 'H' && a[from + 1] == 'E' && a[from + 2] == 'A' && a[from + 3] == 'D') {
                    return "HEAD";
                }
            }
            case 5 -> {
                if (matches(a, from, "PATCH")) {
                    return "PATCH";
                }
                if (matches(a, from, "TRACE")) {
                    return "TRACE";
                }
            }
            case 6 -> {
                if (matches(a, from, "DELETE")) {
                    return "DELETE";
                }
            }
            case 7 -> {
                if (matches(a, from, "OPTIONS")) {
                    return "OPTIONS";
                }
                if (matches(a, from, "CONNECT")) {
                    return "CONNECT";
                }
            }
            default -> { }
        }
        return null;
    }

    private static boolean matches(byte[] a, int from, String s) {
        for (int k = 0, n = s.length(); k < n; k++) {
            if (a[from + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the method, exactly as received (upper-cased when {@code casefoldHttpMethod}
     * is set); the common methods are shared constants.
     */
    public String method() {
        String m = method;
        if (m == null) {
            m = Latin1.string(buf, methodStart, methodEnd - methodStart);
            method = m;
        }
        return m;
    }

    /**
     * Returns the request-target exactly as received: {@code /a%20b?x=1#f}, an absolute URI,
     * an authority ({@code CONNECT}) or {@code *} ({@code OPTIONS}).
     */
    public String target() {
        String t = target;
        if (t == null) {
            int n = targetEnd - targetStart;
            t = n == 1 && buf[targetStart] == '/' ? "/" : Latin1.string(buf, targetStart, n);
            target = t;
        }
        return t;
    }

    /**
     * Returns the path, percent-decoded to ISO-8859-1 like WSGI's {@code PATH_INFO}: for
     * origin-form the part before {@code ?} or {@code #}; for absolute-form the path of the
     * URI ({@code /} when the URI has none, as RFC 9110 §4.2.3 normalises it); for
     * asterisk-form and authority-form the target itself.
     */
    public String path() {
        String p = path;
        if (p == null) {
            p = switch (form) {
                case RequestTarget.ASTERISK, RequestTarget.AUTHORITY -> target();
                case RequestTarget.ABSOLUTE -> {
                    int end = pathEnd();
                    yield absolutePathStart == end ? "/" : UriDecoder.decode(buf, absolutePathStart, end);
                }
                default -> {
                    int end = pathEnd();
                    yield end == targetEnd && !pathHasPercent ? target()
                            : UriDecoder.decode(buf, targetStart, end);
                }
            };
            path = p;
        }
        return p;
    }

    /** Returns the raw query after {@code ?}, without the {@code ?} and without any fragment; empty if none. */
    public String query() {
        String q = query;
        if (q == null) {
            findDelimiters();
            if (queryStart < 0) {
                q = "";
            } else {
                int end = fragmentStart < 0 ? targetEnd : fragmentStart;
                q = Latin1.string(buf, queryStart + 1, end - queryStart - 1);
            }
            query = q;
        }
        return q;
    }

    /** Returns the fragment after {@code #} that some clients send, without the {@code #}; empty if none. */
    public String fragment() {
        findDelimiters();
        return fragmentStart < 0 ? ""
                : Latin1.string(buf, fragmentStart + 1, targetEnd - fragmentStart - 1);
    }

    private int pathEnd() {
        findDelimiters();
        if (queryStart >= 0) {
            return queryStart;
        }
        return fragmentStart >= 0 ? fragmentStart : targetEnd;
    }

    private void findDelimiters() {
        if (queryStart != -2) {
            return;
        }
        int q = -1;
        int f = -1;
        boolean percent = false;
        if (form == RequestTarget.ORIGIN || form == RequestTarget.ABSOLUTE) {
            byte[] a = buf;
            for (int i = form == RequestTarget.ABSOLUTE ? absolutePathStart : targetStart, e = targetEnd; i < e; i++) {
                byte b = a[i];
                if (b == '%') {
                    percent |= q < 0;
                } else if (b == '?' && q < 0) {
                    q = i;
                } else if (b == '#') {
                    f = i;
                    break;
                }
            }
        }
        queryStart = q;
        fragmentStart = f;
        pathHasPercent = percent;
    }

    /**
     * Returns the version the request is served with: HTTP/1.0 for 1.0, HTTP/1.1 for 1.1
     * and for any higher 1.x (RFC 9110 §2.5: process as the highest minor version
     * implemented). See {@link #versionMajor()} for what the client sent.
     */
    public HttpVersion version() {
        return version;
    }

    /** Returns the major version number as received. */
    public int versionMajor() {
        return versionMajor;
    }

    /** Returns the minor version number as received. */
    public int versionMinor() {
        return versionMinor;
    }

    /** Returns the header fields in the order received, names spelled as received. */
    public Headers headers() {
        return headers;
    }

    /**
     * Returns the fields that {@link #headers()} leaves out because their names contain an
     * underscore ({@code header_map = drop}); empty when there were none. The engine reads a
     * trusted proxy's {@code SCRIPT_NAME} here ({@code forwarder_headers}); applications never
     * see them.
     */
    public Headers underscoreFields() {
        return headers.dropped();
    }

    /**
     * Returns a summary of the lengths of the names in {@link #headers()}: bit {@code n % 64}
     * is set when a field name has {@code n} bytes. When none of the lengths of the names a
     * caller would look up is set, none of those names is there, and the lookups can be skipped.
     */
    public long fieldNameLengths() {
        return headers.nameLengths();
    }

    /** Returns the Content-Length; -1 when the body is chunked; 0 when the request has neither. */
    public long contentLength() {
        return contentLength;
    }

    /** Tells whether the body uses the chunked transfer coding. */
    public boolean chunked() {
        return chunked;
    }

    /**
     * Tells whether the connection may stay open after this request, from the request's
     * point of view (RFC 9112 §9.3): HTTP/1.1 unless a Connection field lists
     * {@code close}; HTTP/1.0 only when a Connection field lists {@code keep-alive} and
     * none lists {@code close}. Tokens compare case-insensitively.
     */
    public boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Tells whether the client waits for {@code 100 Continue}: an HTTP/1.1 request with
     * {@code Expect: 100-continue} (case-insensitive). HTTP/1.0 requests never do
     * (RFC 9110 §10.1.1: a server MUST ignore a 100-continue expectation in HTTP/1.0).
     */
    public boolean expectContinue() {
        return expectContinue;
    }

    /** Tells whether the method is {@code HEAD}. */
    public boolean isHead() {
        return isHead;
    }

    /**
     * Returns the Host field value, or null when the request has none (HTTP/1.0 only). For
     * an absolute-form target this is still the Host field, not the URI's authority.
     */
    public String host() {
        if (hostIndex < 0) {
            return null;
        }
        // Every request of a keep-alive connection usually names the same host: reuse the
        // previous String when the bytes are equal instead of allocating a copy.
        String h = headers.valueReusing(hostIndex, previousHost);
        previousHost = h;
        return h;
    }

    /** Returns the number of bytes of the head, request line to final CRLF, leading empty lines included. */
    public int headLength() {
        return headLength;
    }

    /** Returns {@code METHOD target HTTP/x.y}, for debugging. */
    @Override
    public String toString() {
        return method() + " " + target() + " HTTP/" + versionMajor + "." + versionMinor;
    }
}
