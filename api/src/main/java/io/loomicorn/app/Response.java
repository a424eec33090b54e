package io.loomicorn.app;

import io.loomicorn.http.MutableHeaders;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The response to one request.
 *
 * <p>Set the {@linkplain #status(int) status} and {@linkplain #headers() headers}
 * first, then produce the body in one of three ways:
 * <ul>
 *   <li>{@link #send(byte[])}, {@link #send(String)} or {@link #send(ByteBuffer)}: the
 *       whole body at once, with a Content-Length;</li>
 *   <li>{@link #sendFile(Path)}: a file, with a Content-Length, copied by the kernel
 *       ({@code FileChannel.transferTo}) where the transport allows it;</li>
 *   <li>{@link #body()}: a stream. If the application set a Content-Length it must write
 *       exactly that many bytes; otherwise the body is chunked on HTTP/1.1, and on
 *       HTTP/1.0 it ends when the connection closes.</li>
 * </ul>
 * The response is <em>committed</em> when its head is written: at the first flush of
 * the body stream, when its buffer fills, or when a {@code send} method runs. After
 * that the status and headers can no longer change. If the application writes no
 * body, an empty one is sent when {@link App#handle} returns.
 *
 * <p>Responses to {@code HEAD} requests, and responses with status 204 or 304, never
 * carry a body: bytes written for them are discarded. Loomicorn sets {@code Date},
 * {@code Server}, {@code Connection} and the framing headers itself; an application
 * must not set {@code Transfer-Encoding} or {@code Connection}.
 */
public interface Response {

    /**
     * Sets the status code; the default is 200.
     *
     * @param code 200 to 599 (1xx codes are written by the server only)
     * @return this response
     * @throws IllegalArgumentException if the code is out of range
     * @throws IllegalStateException    if the response is already committed
     */
    Response status(int code);

    /** Returns the status code. */
    int status();

    /** Returns the response headers, which can be changed until the response is committed. */
    MutableHeaders headers();

    /**
     * Adds a header field; shorthand for {@code headers().add(name, value)}.
     *
     * @param name  a token
     * @param value a field value
     * @return this response
     */
    default Response header(String name, String value) {
        headers().add(name, value);
        return this;
    }

    /**
     * Returns the body stream. Writes are buffered; {@code flush()} commits the
     * response and sends what was written so far. Closing the stream ends the body.
     *
     * @return the same stream on every call
     */
    OutputStream body();

    /**
     * Sends {@code body} as the whole body, with a Content-Length, and ends the response.
     *
     * @param body the body bytes
     * @throws IOException          if the connection fails
     * @throws IllegalStateException if a body was already started
     */
    void send(byte[] body) throws IOException;

    /**
     * Sends {@code body} encoded as UTF-8, as {@link #send(byte[])} does. If no
     * Content-Type was set, it becomes {@code text/plain; charset=utf-8}.
     *
     * @param body the body text
     * @throws IOException          if the connection fails
     * @throws IllegalStateException if a body was already started
     */
    void send(String body) throws IOException;

    /**
     * Sends the remaining bytes of {@code body} (from its position to its limit) as the
     * whole body, with a Content-Length, and ends the response. A direct buffer, such as
     * a read-only one filled once and shared by every request, goes to the socket as it
     * is: it spares the copy of the bytes into the server's own direct memory that a
     * {@code byte[]} or the {@link #body()} stream costs. A heap buffer works as well and
     * costs what {@link #send(byte[])} does.
     *
     * <p>The buffer is the server's only while this method runs: when it returns, every
     * byte has been written to the connection or copied, and the caller may change or
     * reuse the buffer. The server never changes the buffer's position, limit, mark or
     * contents, so threads may send the same buffer at the same time as long as nobody
     * writes to it meanwhile.
     *
     * @param body the body bytes
     * @throws IOException          if the connection fails
     * @throws IllegalStateException if a body was already started
     */
    default void send(ByteBuffer body) throws IOException {
        byte[] bytes = new byte[body.remaining()];
        body.get(body.position(), bytes);
        send(bytes);
    }

    /**
     * Sends a regular file as the whole body, with a Content-Length, and ends the
     * response.
     *
     * @param file the file to send
     * @throws IOException          if the file cannot be read or the connection fails
     * @throws IllegalStateException if a body was already started
     */
    void sendFile(Path file) throws IOException;

    /** Tells whether the head has been written, after which status and headers are fixed. */
    boolean isCommitted();
}
