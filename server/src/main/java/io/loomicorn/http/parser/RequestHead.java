package io.loomicorn.http.parser;

import io.loomicorn.app.Headers;
import io.loomicorn.http.HttpVersion;

/** CONTRACT STUB: a parsed request head, reused by its parser. */
public final class RequestHead {
    public String method() { throw new UnsupportedOperationException("stub"); }
    public String target() { throw new UnsupportedOperationException("stub"); }
    /** Percent-decoded path (ISO-8859-1). */
    public String path() { throw new UnsupportedOperationException("stub"); }
    /** Raw query without '?', "" if none. */
    public String query() { throw new UnsupportedOperationException("stub"); }
    public HttpVersion version() { throw new UnsupportedOperationException("stub"); }
    public Headers headers() { throw new UnsupportedOperationException("stub"); }
    /** Content-Length; -1 when chunked; 0 when neither. */
    public long contentLength() { throw new UnsupportedOperationException("stub"); }
    public boolean chunked() { throw new UnsupportedOperationException("stub"); }
    /** Whether the connection may be kept alive after this request (version + Connection). */
    public boolean keepAlive() { throw new UnsupportedOperationException("stub"); }
    /** Expect: 100-continue on HTTP/1.1. */
    public boolean expectContinue() { throw new UnsupportedOperationException("stub"); }
    /** The method is HEAD. */
    public boolean isHead() { throw new UnsupportedOperationException("stub"); }
    /** The Host header value, or null. */
    public String host() { throw new UnsupportedOperationException("stub"); }
}
