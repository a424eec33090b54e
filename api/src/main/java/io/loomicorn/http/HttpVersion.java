package io.loomicorn.http;

/** The HTTP versions Loomicorn serves. */
public enum HttpVersion {
    /** HTTP/1.0: connections close after each response unless the client asks for keep-alive. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1: persistent connections, chunked coding, {@code Host} required. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** Returns the version as written on the wire, e.g. {@code HTTP/1.1}. */
    public String text() {
        return text;
    }
}
