package io.loomicorn.http.parser;

/** CONTRACT STUB: a parse failure as a value. */
public final class ParseError {
    public int status() { throw new UnsupportedOperationException("stub"); }
    /** Reason phrase, e.g. "Bad Request". */
    public String reason() { throw new UnsupportedOperationException("stub"); }
    /** One-line description. */
    public String message() { throw new UnsupportedOperationException("stub"); }
    /** Whether message() may be echoed to the client. */
    public boolean safeToEcho() { throw new UnsupportedOperationException("stub"); }
    /** Whether the connection must close after the error response (always true for parse errors). */
    public boolean closeAfter() { throw new UnsupportedOperationException("stub"); }
}
