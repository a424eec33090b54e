package io.loomicorn.engine;

import io.loomicorn.http.MutableHeaders;
import io.loomicorn.app.Response;
import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.ErrorResponse;
import io.loomicorn.http.codec.HttpStatus;
import io.loomicorn.http.parser.RequestHead;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Response} of one exchange, written through its connection's {@link ResponseContext}.
 *
 * <p>Framing is decided once, when the head is committed:
 * <ul>
 *   <li>a body known in full ({@code send}, {@code sendFile}, or a streamed body that
 *       fitted in the buffer when the application returned) gets a Content-Length;</li>
 *   <li>a streamed body of unknown length is chunked on HTTP/1.1, or delimited by closing
 *       the connection on HTTP/1.0; if the application set a Content-Length itself, that
 *       length is used and enforced;</li>
 *   <li>HEAD requests and 1xx, 204 and 304 responses carry no body bytes.</li>
 * </ul>
 * Whether the connection stays open afterwards is decided before the head is written, so
 * that a response after which the server closes always says {@code Connection: close}
 * (RFC 9112 §9.6): only if the request allowed it, the worker allows it (not
 * {@code sync}, not draining, not once {@code max_requests} is used up), the response
 * is framed, and whatever body the application has not read is known to be small enough
 * to drop ({@link Http1Connection#DISCARD_LIMIT}). A response that fails or is cut short
 * afterwards closes the connection as well.
 *
 * <p>A request timeout may race with the application: {@link #claimForTimeout()} and the
 * commit both move {@link #state} away from NEW with a compare-and-set, so exactly one of
 * them writes a head.
 */
public final class ServerResponse implements Response {

    private static final int NEW = 0;
    private static final int COMMITTED = 1;
    private static final int TIMED_OUT = 2;

    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * A streamed body with a Content-Length of at least this many bytes is gathered in a
     * direct buffer of this size (lent by the worker) and written a buffer at a time, rather
     * than a write per application write; {@code flush()} and the end of the body write what
     * is gathered. Profiling 1 MiB bodies written as 64 KiB pieces showed 56% of the worker's
     * CPU in {@code write(2)}, where the kernel's transmit work per byte copied was 2.3x
     * Undertow's (which writes 1 MiB per call). Gathering cut reactor's CPU per 1 MiB
     * response to 0.79x (0.73 to 0.90 over six rounds); a direct buffer also spares the
     * JDK's copy into a temporary one.
     */
    static final int GATHER_BYTES = 256 * 1024;

    /** How the body is being produced. */
    private enum BodyMode { NONE, STREAM, SENT }

    private final ServerRequest request;
    private final RequestHead head;
    private final ResponseContext channel;

    private final AtomicInteger state = new AtomicInteger(NEW);
    private final MutableHeaders headers = new MutableHeaders();
    private int status = 200;
    private BodyMode mode = BodyMode.NONE;
    private BodyStream stream;

    // Decided at commit.
    private boolean bodyAllowed;
    private boolean chunked;
    private long declaredLength = -1;
    private boolean close;

    private long bodyBytes;
    /** The gathered body bytes not yet written, in write mode; see {@link #GATHER_BYTES}. */
    private ByteBuffer gathered;
    private boolean broken;
    private boolean finished;

    /**
     * Creates the response of one exchange.
     *
     * @param request the request this response answers
     * @param context the connection: where bytes go, and its keep-alive rules
     */
    ServerResponse(ServerRequest request, ResponseContext context) {
        this.request = request;
        this.head = request.head();
        this.channel = context;
    }

    @Override
    public Response status(int code) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status must be 200 to 599: " + code);
        }
        checkNotCommitted();
        status = code;
        return this;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public MutableHeaders headers() {
        return headers;
    }

    @Override
    public OutputStream body() {
        if (stream == null) {
            if (mode == BodyMode.SENT) {
                throw new IllegalStateException("the body was already sent");
            }
            stream = new BodyStream();
        }
        return stream;
    }

    @Override
    public void send(byte[] body) throws IOException {
        checkNotTimedOut();
        startWhole();
        commit(body.length, body.length == 0 ? null : ByteBuffer.wrap(body), true);
        finished = true;
    }

    /**
     * Writes the head and a duplicate of {@code body} in one gathering write: a direct
     * buffer reaches {@code writev} as it is. Every transport has written or copied the
     * bytes when {@code write} returns (the reactor copies what the socket did not take
     * into its queue), which is what lets the caller reuse the buffer afterwards.
     */
    @Override
    public void send(ByteBuffer body) throws IOException {
        checkNotTimedOut();
        startWhole();
        ByteBuffer bytes = body.duplicate();
        int n = bytes.remaining();
        commit(n, n == 0 ? null : bytes, true);
        finished = true;
    }

    @Override
    public void send(String body) throws IOException {
        if (!headers.contains("Content-Type")) {
            headers.set("Content-Type", "text/plain; charset=utf-8");
        }
        send(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a regular file: " + file);
        }
        checkNotTimedOut();
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = fc.size();
            startWhole();
            commit(size, null, false);
            if (bodyAllowed && size > 0) {
                if (channel.sendfile()) {
                    channel.transferFrom(fc, 0, size);
                } else {
                    copy(fc, size);
                }
                bodyBytes = size;
                channel.progress();
            }
        }
        finished = true;
    }

    @Override
    public boolean isCommitted() {
        return state.get() != NEW;
    }

    /** Returns the number of body bytes sent (gunicorn's {@code B} atom). */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** Tells whether a request timeout answered this exchange instead of the application. */
    public boolean timedOut() {
        return state.get() == TIMED_OUT;
    }

    /**
     * Completes the response after the application returned: sends a head if none was
     * sent, flushes the body, and writes the last chunk.
     *
     * @throws IOException if the connection fails
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        switch (mode) {
            case NONE -> commit(0, null, true);
            case SENT -> {
            }
            case STREAM -> {
                if (!isCommitted()) {
                    // The whole body fitted in the buffer: send it with a Content-Length.
                    int n = stream.count;
                    commit(n, n == 0 ? null : ByteBuffer.wrap(stream.buf, 0, n), true);
                    stream.count = 0;
                } else {
                    stream.drain();
                    writeGathered(true);
                    if (chunked) {
                        channel.write(ByteBuffer.wrap(LAST_CHUNK));
                    } else if (declaredLength >= 0 && bodyAllowed && bodyBytes < declaredLength) {
                        broken = true;
                        throw new IOException("the application wrote " + bodyBytes
                                + " bytes of a declared Content-Length of " + declaredLength);
                    }
                }
            }
        }
    }

    /**
     * Answers with a server-made error instead of the application's response, when
     * nothing was committed yet.
     *
     * @param code   the status
     * @param detail a one-line reason safe for the client, or null
     * @return {@code false} if the response was already committed (the connection must close)
     * @throws IOException if the connection fails
     */
    public boolean sendError(int code, String detail) throws IOException {
        if (!state.compareAndSet(NEW, COMMITTED)) {
            broken = true;
            return false;
        }
        writeError(code, detail);
        return true;
    }

    /**
     * Takes the response away from the application because the request ran past its
     * timeout. If nothing was committed, the caller may then write an error response
     * with {@link #writeTimeoutResponse}.
     *
     * @return {@code true} if the response was not committed and now belongs to the caller
     */
    public boolean claimForTimeout() {
        broken = true;
        return state.compareAndSet(NEW, TIMED_OUT);
    }

    /**
     * Writes the timeout answer after a successful {@link #claimForTimeout()}.
     *
     * @param detail the reason shown to the client
     * @throws IOException if the connection fails
     */
    public void writeTimeoutResponse(String detail) throws IOException {
        writeError(503, detail);
    }

    /**
     * Tells whether the connection may carry another request after this response.
     * Valid after {@link #finish()}.
     */
    public boolean keepAlive() {
        return isCommitted() && !close && !broken && finished;
    }

    /** Marks the connection as unusable, e.g. after the application failed mid-body. */
    public void markBroken() {
        broken = true;
    }

    private void writeError(int code, String detail) throws IOException {
        status = code;
        bodyAllowed = false;
        close = true;
        ByteWriter headOut = channel.headOut();
        headOut.clear();
        ErrorResponse.render(channel.encoder(), headOut, head.version(), code, detail);
        channel.write(headOut.asBuffer());
        finished = true;
        mode = BodyMode.SENT;
    }

    private void startWhole() {
        if (mode != BodyMode.NONE) {
            throw new IllegalStateException("the body was already " + (mode == BodyMode.SENT ? "sent" : "started"));
        }
        mode = BodyMode.SENT;
    }

    private void checkNotTimedOut() throws IOException {
        if (state.get() == TIMED_OUT) {
            throw new IOException("the request exceeded its timeout; the server has answered it");
        }
    }

    private void checkNotCommitted() {
        if (isCommitted()) {
            throw new IllegalStateException("the response is already committed");
        }
    }

    /**
     * Decides framing and writes the head, followed by {@code body} in the same write.
     *
     * @param knownLength the body length when known, or -1 for a streamed body
     * @param body        bytes to send right after the head, or null
     * @param whole       whether the head and {@code body} are the whole response
     */
    private void commit(long knownLength, ByteBuffer body, boolean whole) throws IOException {
        if (!state.compareAndSet(NEW, COMMITTED)) {
            broken = true;
            throw new IOException(state.get() == TIMED_OUT
                    ? "the request exceeded its timeout" : "the response is already committed");
        }
        HttpVersion version = head.version();
        bodyAllowed = !head.isHead() && !HttpStatus.forbidsBody(status);
        boolean keepAlive = head.keepAlive() && channel.mayKeepAlive() && !broken
                && request.unreadBodyAtMost(Http1Connection.DISCARD_LIMIT);
        long contentLength = -1;
        chunked = false;
        if (status == 204 || status < 200) {
            contentLength = -1; // RFC 9110 §8.6: never a Content-Length on 1xx or 204
        } else if (knownLength >= 0) {
            // A HEAD response carries the length its GET would have (RFC 9110 §9.3.2): the
            // length the application declared, since it writes no body for HEAD.
            long appLength = bodyAllowed ? -1 : applicationContentLength();
            contentLength = appLength >= 0 ? appLength : knownLength;
        } else {
            long appLength = applicationContentLength();
            if (appLength >= 0) {
                contentLength = appLength;
            } else if (!bodyAllowed) {
                contentLength = -1; // HEAD or 304 with unknown length: no framing needed
            } else if (version == HttpVersion.HTTP_1_1) {
                chunked = true;
            } else {
                keepAlive = false; // HTTP/1.0: the body ends when the connection closes
            }
        }
        if (status == 304) {
            long appLength = applicationContentLength();
            contentLength = appLength; // the length of the representation, if the app knows it
        }
        if (head.expectContinue() && !request.bodyStream().continueResolved()) {
            // The client was never told to send its body and may or may not send it now:
            // the connection's next bytes are ambiguous, so it cannot be reused.
            keepAlive = false;
        }
        declaredLength = contentLength;
        close = !keepAlive;
        ByteWriter headOut = channel.headOut();
        headOut.clear();
        channel.encoder().encode(headOut, version, status, headers, contentLength, chunked, close,
                version == HttpVersion.HTTP_1_0);
        ByteBuffer headBuf = headOut.asBuffer();
        // The connection's last bytes: TLS sends its close_notify in the same write.
        boolean last = whole && close && request.bodyComplete();
        if (body != null && bodyAllowed) {
            bodyBytes += body.remaining();
            if (last) {
                channel.writeLast(headBuf, body);
            } else {
                channel.write(headBuf, body);
            }
        } else if (last) {
            channel.writeLast(headBuf);
        } else {
            channel.write(headBuf);
        }
        channel.progress();
    }

    private long applicationContentLength() {
        String v = headers.first("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the application set an invalid Content-Length: " + v);
        }
    }

    private void copy(FileChannel fc, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(64 * 1024, size));
        long pos = 0;
        while (pos < size) {
            buf.clear();
            int n = fc.read(buf, pos);
            if (n < 0) {
                throw new IOException("the file shrank while it was sent");
            }
            pos += n;
            buf.flip();
            channel.write(buf);
            channel.progress();
        }
    }

    /** Writes one run of body bytes with the framing decided at commit. */
    private void writeBody(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (!bodyAllowed) {
            return; // HEAD, 204, 304: the bytes are dropped
        }
        if (declaredLength >= 0 && bodyBytes + len > declaredLength) {
            broken = true;
            throw new IOException("the application wrote more than its Content-Length of " + declaredLength);
        }
        if (!chunked && declaredLength >= GATHER_BYTES) {
            gather(b, off, len);
            return;
        }
        ByteBuffer data = ByteBuffer.wrap(b, off, len);
        if (chunked) {
            ByteWriter headOut = channel.headOut();
            headOut.clear();
            headOut.hex(len).crlf();
            ByteBuffer size = headOut.asBuffer();
            channel.write(size, data, ByteBuffer.wrap(CRLF));
        } else {
            channel.write(data);
        }
        bodyBytes += len;
        channel.progress();
    }

    /** Adds body bytes to the gathered buffer, writing it whenever it fills. */
    private void gather(byte[] b, int off, int len) throws IOException {
        bodyBytes += len;
        while (len > 0) {
            if (gathered == null) {
                gathered = channel.takeBodyBuffer();
            }
            int n = Math.min(len, gathered.remaining());
            gathered.put(b, off, n);
            off += n;
            len -= n;
            if (!gathered.hasRemaining()) {
                writeGathered(false);
            }
        }
        channel.progress();
    }

    /**
     * Writes the gathered bytes, if any.
     *
     * @param release whether to give the buffer back (the body is flushed or complete)
     */
    private void writeGathered(boolean release) throws IOException {
        ByteBuffer g = gathered;
        if (g == null) {
            return;
        }
        if (release) {
            gathered = null;
        }
        try {
            if (g.position() > 0) {
                channel.write(g.flip());
                channel.progress();
            }
        } finally {
            if (release) {
                channel.giveBodyBuffer(g);
            } else {
                g.clear();
            }
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    /** The streaming body: buffers writes, commits on the first flush or overflow. */
    private final class BodyStream extends OutputStream {

        private byte[] buf;
        private int count;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("the response body is closed");
            }
            checkNotTimedOut();
            start();
            if (buf == null) {
                buf = new byte[channel.bufferSize()];
            }
            if (len > buf.length - count) {
                drain();
                if (len >= buf.length) {
                    writeBody(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            if (closed) {
                return;
            }
            start();
            drain();
            writeGathered(true);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                start();
                finish();
                closed = true;
            }
        }

        private void start() {
            if (mode == BodyMode.NONE) {
                mode = BodyMode.STREAM;
            } else if (mode == BodyMode.SENT && !finished) {
                throw new IllegalStateException("the body was already sent");
            }
        }

        /** Commits if needed and writes what is buffered. */
        void drain() throws IOException {
            if (!isCommitted()) {
                commit(-1, null, false);
            }
            if (count > 0) {
                int n = count;
                count = 0;
                writeBody(buf, 0, n);
            }
        }
    }
}
