package io.loomicorn.servlet.response;

import io.loomicorn.app.Response;
import io.loomicorn.http.MutableHeaders;
import io.loomicorn.servlet.async.AsyncState;
import io.loomicorn.servlet.http.ContentType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The container's {@link HttpServletResponse} over one App API {@link Response}.
 *
 * <p>Status and headers are kept in the App API response until the commit, which happens
 * when the buffer ({@link #getBufferSize()}, 32 KiB as in Jetty) fills, on a flush, or when
 * the exchange completes. A response completed with its whole body in the buffer goes out
 * with a Content-Length; a longer one is chunked, unless the application set a length.
 *
 * <p>{@link #sendError} and {@link #sendRedirect} suspend the output: later writes of the
 * same dispatch are dropped, and the error page, if any, is rendered when the dispatch
 * returns (Servlet 6.1 §10.9.2).
 */
public final class ServletResponseImpl implements HttpServletResponse {

    /** The default buffer size: Jetty's, so that framing matches for the same application. */
    public static final int DEFAULT_BUFFER = 32 * 1024;

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** How the application writes the body. */
    private enum Mode { NONE, STREAM, WRITER }

    private final Response response;
    private final ServletContext context;
    private final AsyncState async;
    private HttpServletRequest request;
    private final ResponseOutput output;
    private int status = 200;
    private Mode mode = Mode.NONE;
    private PrintWriter writer;
    private String mimeType;
    private String charset;
    private boolean charsetExplicit;
    private Locale locale;
    private long contentLength = -1;
    private OutputStream channel;
    private int errorStatus;
    private String errorMessage;
    private Supplier<Map<String, String>> trailers;

    /**
     * @param response the App API response
     * @param context  the application
     * @param async    the exchange's asynchronous state, which runs a {@link WriteListener}
     */
    public ServletResponseImpl(Response response, ServletContext context, AsyncState async) {
        this.response = response;
        this.context = context;
        this.async = async;
        this.output = new ResponseOutput(this, DEFAULT_BUFFER);
    }

    /** Connects the request of the exchange: relative redirects resolve against its URI. */
    public void bind(HttpServletRequest request) {
        this.request = request;
    }

    // ---------------------------------------------------------------- commit and completion

    /** Commits if needed, then sends {@code len} body bytes. */
    void commitAndWrite(byte[] b, int off, int len) throws IOException {
        OutputStream out = channel();
        if (len > 0) {
            out.write(b, off, len);
        }
    }

    void flushChannel() throws IOException {
        channel().flush();
    }

    private OutputStream channel() throws IOException {
        if (channel == null) {
            prepareHead();
            channel = response.body();
            if (contentLength < 0) {
                // Commit now: the head goes out at the first flush of the App API stream.
                channel.flush();
            }
        }
        return channel;
    }

    /** Writes status and Content-Type into the App API response before the head goes out. */
    private void prepareHead() {
        int code = status >= 200 && status <= 599 ? status : 500;
        if (!response.isCommitted()) {
            response.status(code);
            String type = effectiveContentType();
            if (type != null) {
                response.headers().set("Content-Type", type);
            }
        }
    }

    /**
     * Completes the response when the exchange ends: sends what is buffered (with a
     * Content-Length when it is the whole body), or just the head.
     *
     * @throws IOException if the connection fails
     */
    public void complete() throws IOException {
        // The writer holds nothing back (EncodingWriter encodes straight into the buffer), so
        // it is not flushed here: a flush would commit, and lose the Content-Length.
        output.markClosed();
        if (channel == null && !response.isCommitted()) {
            byte[] body = output.buffered();
            if (contentLength < 0 || contentLength == body.length) {
                prepareHead();
                response.send(body);
                return;
            }
        }
        output.flushBuffer(false);
        channel.close();
    }

    /** Ends the body early: {@code close()} on the stream or the writer. */
    void closeOutput() throws IOException {
        output.flushBuffer(true);
        output.markClosed();
    }

    /** Tells whether the body is closed: written to its Content-Length, closed, or complete. */
    public boolean isClosed() {
        return output.isClosed();
    }

    /** Closes the output after a forward (Servlet 6.1 §9.4); the response is complete. */
    public void closeAfterForward() {
        output.markClosed();
    }

    /**
     * Prepares a forward: the buffer is cleared, and the target may choose the stream or
     * the writer, and its charset, afresh (as Jetty does).
     */
    public void resetForForward() {
        resetBuffer();
        if (mode == Mode.WRITER) {
            writer = null;
            if (!charsetExplicit) {
                charset = null;
            }
        }
        mode = Mode.NONE;
        syncContentType();
    }

    // ---------------------------------------------------------------- errors

    /** Returns the status given to {@code sendError}, or 0. */
    public int errorStatus() {
        return errorStatus;
    }

    /** Returns the message given to {@code sendError}, or null. */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * Marks the response as failed with a status: what {@code sendError} and an escaping
     * exception both do before the error page runs.
     *
     * @param code    the status
     * @param message the message, or null
     */
    public void markError(int code, String message) {
        resetBuffer();
        response.headers().set("Cache-Control", "must-revalidate,no-cache,no-store");
        status = code;
        errorStatus = code;
        errorMessage = message;
        contentLength = -1;
        response.headers().remove("Content-Length");
        output.suspend(true);
    }

    /** Reopens the output for the error page, keeping the error status. */
    public void beginErrorPage() {
        errorStatus = 0;
        output.suspend(false);
        if (mode == Mode.WRITER) {
            writer = null;
        }
        mode = Mode.NONE;
        mimeType = null;
        charset = null;
        charsetExplicit = false;
        response.headers().remove("Content-Type");
    }

    /** Clears the error mark after the error was handled without a page. */
    public void clearError() {
        errorStatus = 0;
        output.suspend(false);
    }

    // ---------------------------------------------------------------- body

    @Override
    public ServletOutputStream getOutputStream() {
        if (mode == Mode.WRITER) {
            throw new IllegalStateException("getWriter() was already called");
        }
        mode = Mode.STREAM;
        return output;
    }

    @Override
    public PrintWriter getWriter() {
        if (mode == Mode.STREAM) {
            throw new IllegalStateException("getOutputStream() was already called");
        }
        if (writer == null) {
            if (charset == null) {
                charset = context.getResponseCharacterEncoding() != null
                        ? context.getResponseCharacterEncoding() : StandardCharsets.ISO_8859_1.name();
            }
            mode = Mode.WRITER;
            writer = new PrintWriter(new EncodingWriter(output, charsetOf(charset)), false);
            syncContentType();
        }
        return writer;
    }

    private static Charset charsetOf(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (isCommitted() || isIncluded()) {
            return;
        }
        contentLength = len < 0 ? -1 : len;
        if (contentLength < 0) {
            response.headers().remove("Content-Length");
        } else {
            response.headers().set("Content-Length", Long.toString(len));
        }
    }

    /** Returns the Content-Length the application set, or -1. */
    long contentLengthSet() {
        return contentLength;
    }

    @Override
    public void setBufferSize(int size) {
        if (isCommitted() || output.written() > 0) {
            throw new IllegalStateException("the buffer size cannot change once content was written");
        }
        output.setSize(size);
    }

    @Override
    public int getBufferSize() {
        return output.size();
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        } else {
            output.flushBuffer(true);
        }
    }

    @Override
    public void resetBuffer() {
        if (isCommitted()) {
            throw new IllegalStateException("the response is already committed");
        }
        output.resetBuffer();
    }

    @Override
    public boolean isCommitted() {
        return channel != null || response.isCommitted();
    }

    @Override
    public void reset() {
        if (isCommitted()) {
            throw new IllegalStateException("the response is already committed");
        }
        output.resetBuffer();
        response.headers().clear();
        status = 200;
        mode = Mode.NONE;
        writer = null;
        mimeType = null;
        charset = null;
        charsetExplicit = false;
        locale = null;
        contentLength = -1;
    }

    // ---------------------------------------------------------------- content type

    @Override
    public String getCharacterEncoding() {
        if (charset != null) {
            return charset;
        }
        String fromContext = context.getResponseCharacterEncoding();
        return fromContext != null ? fromContext : StandardCharsets.ISO_8859_1.name();
    }

    @Override
    public String getContentType() {
        return effectiveContentType();
    }

    private String effectiveContentType() {
        if (mimeType == null) {
            return null;
        }
        // Jetty writes the charset in lower case whatever the spelling set; so does Loomicorn.
        return charset == null ? mimeType : mimeType + ";charset=" + charset.toLowerCase(Locale.ROOT);
    }

    private void syncContentType() {
        String type = effectiveContentType();
        if (type == null) {
            response.headers().remove("Content-Type");
        } else {
            response.headers().set("Content-Type", type);
        }
    }

    @Override
    public void setCharacterEncoding(String encoding) {
        if (isCommitted() || isIncluded() || writer != null) {
            return;
        }
        if (encoding == null) {
            charset = null;
            charsetExplicit = false;
        } else {
            charset = encoding;
            charsetExplicit = true;
        }
        syncContentType();
    }

    @Override
    public void setContentType(String type) {
        if (isCommitted() || isIncluded()) {
            return;
        }
        if (type == null) {
            mimeType = null;
            if (writer == null) {
                charset = null;
                charsetExplicit = false;
            }
            syncContentType();
            return;
        }
        String cs = ContentType.charset(type);
        mimeType = cs == null ? type.strip() : ContentType.withoutCharset(type);
        if (cs != null && writer == null) {
            charset = cs;
            charsetExplicit = true;
        }
        syncContentType();
    }

    @Override
    public void setLocale(Locale loc) {
        if (isCommitted() || isIncluded() || loc == null) {
            return;
        }
        locale = loc;
        response.headers().set("Content-Language", loc.toLanguageTag());
    }

    @Override
    public Locale getLocale() {
        return locale != null ? locale : Locale.getDefault();
    }

    // ---------------------------------------------------------------- headers

    @Override
    public void addCookie(Cookie cookie) {
        if (isCommitted() || isIncluded()) {
            return;
        }
        response.headers().add("Set-Cookie", SetCookie.format(cookie));
    }

    @Override
    public boolean containsHeader(String name) {
        return response.headers().contains(name);
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    public void setHeader(String name, String value) {
        if (name == null || isCommitted() || isIncluded()) {
            return;
        }
        if (special(name, value)) {
            return;
        }
        if (value == null) {
            response.headers().remove(name);
        } else {
            response.headers().set(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (name == null || value == null || isCommitted() || isIncluded()) {
            return;
        }
        if (special(name, value)) {
            return;
        }
        response.headers().add(name, value);
    }

    /** Routes Content-Type and Content-Length to their setters; true if it did. */
    private boolean special(String name, String value) {
        if (name.equalsIgnoreCase("Content-Type")) {
            setContentType(value);
            return true;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            if (value == null) {
                setContentLengthLong(-1);
            } else {
                try {
                    setContentLengthLong(Long.parseLong(value.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid Content-Length: " + value);
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public String getHeader(String name) {
        return response.headers().first(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return new ArrayList<>(response.headers().all(name));
    }

    @Override
    public Collection<String> getHeaderNames() {
        MutableHeaders h = response.headers();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < h.size(); i++) {
            names.add(h.name(i));
        }
        return names;
    }

    /**
     * Accepts the supplier, as the specification asks; the App API sends no response
     * trailers yet, so they are not sent (docs/servlet.md).
     */
    @Override
    public void setTrailerFields(Supplier<Map<String, String>> supplier) {
        if (isCommitted()) {
            throw new IllegalStateException("the response is already committed");
        }
        trailers = supplier;
    }

    @Override
    public Supplier<Map<String, String>> getTrailerFields() {
        return trailers;
    }

    // ---------------------------------------------------------------- status, errors, redirects

    @Override
    public void setStatus(int sc) {
        if (isCommitted() || isIncluded()) {
            return;
        }
        if (sc <= 0) {
            throw new IllegalArgumentException("invalid status: " + sc);
        }
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (isIncluded()) {
            return;
        }
        if (isCommitted()) {
            throw new IllegalStateException("the response is already committed");
        }
        markError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (isIncluded()) {
            return;
        }
        if (isCommitted()) {
            throw new IllegalStateException("the response is already committed");
        }
        if (location == null) {
            throw new IllegalArgumentException("the redirect location must not be null");
        }
        if (clearBuffer) {
            resetBuffer();
        }
        status = sc;
        response.headers().set("Location", absolute(location));
        if (clearBuffer) {
            output.suspend(true);
            output.markClosed();
            contentLength = -1;
        }
    }

    /**
     * Resolves a relative redirect location against the request URI. The result is a path
     * (RFC 9110 §10.2.2 allows a relative reference), as Jetty 12.1 sends: behind a proxy,
     * the client resolves it against the URL it used, which the server may not know.
     */
    private String absolute(String location) {
        try {
            URI uri = new URI(location);
            if (uri.isAbsolute() || location.startsWith("/")) {
                return location;
            }
        } catch (URISyntaxException e) {
            return location;
        }
        String uri = request.getRequestURI();
        String base = uri.substring(0, uri.lastIndexOf('/') + 1);
        try {
            return new URI(null, null, base, null).resolve(new URI(location)).toString();
        } catch (URISyntaxException e) {
            return base + location;
        }
    }

    // ---------------------------------------------------------------- include and async support

    private int includeDepth;

    /** Enters an include: status and headers are ignored until {@link #leaveInclude()}. */
    public void enterInclude() {
        includeDepth++;
    }

    /** Leaves an include. */
    public void leaveInclude() {
        includeDepth--;
    }

    boolean isIncluded() {
        return includeDepth > 0;
    }

    WriteListener startWriteListener(WriteListener listener) {
        if (!request.isAsyncStarted()) {
            throw new IllegalStateException("a WriteListener needs an asynchronous request (startAsync)");
        }
        async.runOffThread(() -> {
            try {
                listener.onWritePossible();
            } catch (IOException | RuntimeException e) {
                listener.onError(e);
            }
        });
        return listener;
    }

    /** Returns the App API response. */
    public Response base() {
        return response;
    }
}
