package io.loomicorn.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import javax.net.ssl.SSLException;

/**
 * The read side of a TLS connection, in the shape of {@link ReadableByteChannel#read}: a
 * driver that read plaintext from its socket now reads it from here, and the handshake
 * happens along the way (its flights go out through the {@link TlsOutbound}).
 *
 * <p>Blocking driver: {@link #read} returns plaintext bytes, or -1 at the end; it blocks
 * in the socket read as the socket does. Event-loop driver (a non-blocking socket, or an
 * XNIO source channel): call {@link #read} until it returns 0 (the socket has nothing
 * more) or -1, then wait for the next readable event. A loop that stops reading before
 * that, for back-pressure, must call it again when it resumes if
 * {@link #hasBufferedInput()}: the selector does not know about bytes the codec already
 * took from the socket.
 *
 * <p>One reader thread at a time. Plain HTTP on the TLS port ends in
 * {@link PlainHttpRequestException}; other failures in {@link SSLException}.
 */
public final class TlsReader {

    /** Enough for a ClientHello and small requests; grown to a full record on first need. */
    private static final int INITIAL_BUFFER = 4096;

    private final TlsCodec codec;
    private final ReadableByteChannel source;
    private final TlsOutbound outbound;
    private final boolean eventLoop;
    /** Network bytes read and not yet unwrapped; read mode. */
    private ByteBuffer net = ByteBuffer.allocate(INITIAL_BUFFER).flip();

    /**
     * Creates the read side.
     *
     * @param codec     the connection's codec
     * @param source    the socket, or what reads it
     * @param outbound  the connection's write side, for handshake flights
     * @param eventLoop true when the reader must never wait for the write lock (it then
     *                  defers handshake output to the writer holding it)
     */
    public TlsReader(TlsCodec codec, ReadableByteChannel source, TlsOutbound outbound, boolean eventLoop) {
        this.codec = codec;
        this.source = source;
        this.outbound = outbound;
        this.eventLoop = eventLoop;
    }

    /**
     * Reads plaintext.
     *
     * @param plain where plaintext is appended, write mode
     * @return the number of bytes appended; -1 when the client closed (with or without
     *         {@code close_notify}) and nothing more was appended; 0 when a non-blocking
     *         source has nothing more, or {@code plain} has no room
     * @throws PlainHttpRequestException when the client sent plain HTTP
     * @throws SSLException when the handshake or a record failed
     * @throws IOException when the socket fails
     */
    public int read(ByteBuffer plain) throws IOException {
        int start = plain.position();
        while (true) {
            switch (codec.unwrap(net, plain)) {
                case HANDSHAKE_COMPLETE -> { }
                case NEED_OUTPUT -> {
                    if (codec.ticketOwed()) {
                        // The client sends its request behind its Finished without waiting for the
                        // ticket: the response takes it along (one socket write instead of two).
                        if (!outbound.hold(eventLoop)) {
                            return plain.position() - start; // resumeReader calls again later
                        }
                    } else if (!eventLoop) {
                        outbound.flush();
                    } else if (!outbound.flushOrDefer()) {
                        return plain.position() - start; // resumeReader calls again later
                    }
                }
                case PLAINTEXT_FULL -> {
                    return plain.position() - start;
                }
                case CLOSED -> {
                    int n = plain.position() - start;
                    return n > 0 ? n : -1;
                }
                case PLAIN_HTTP -> throw new PlainHttpRequestException();
                case FAILED -> throw new SSLException(codec.failure());
                case NEED_INPUT -> {
                    int n = plain.position() - start;
                    if (n > 0) {
                        return n;
                    }
                    if (outbound.holds()) {
                        // No request came with the Finished: the held ticket goes before the wait.
                        if (!eventLoop) {
                            outbound.flush();
                        } else if (!outbound.flushOrDefer()) {
                            return 0; // resumeReader calls again later
                        }
                    }
                    int got = fill();
                    if (got < 0) {
                        codec.endOfInput();
                        return -1;
                    }
                    if (got == 0) {
                        return 0;
                    }
                }
            }
        }
    }

    /**
     * Tells whether a {@link #read} has work without new bytes from the socket: the codec
     * holds decrypted plaintext or a complete record, or a session ticket is held for a
     * response ({@link TlsOutbound#hold}) that the read sends before it waits. An event
     * loop that stopped reading for a while (back-pressure) must read again when it resumes
     * if this is true: the selector reports only bytes still in the socket.
     */
    public boolean hasBufferedInput() {
        if (codec.hasPendingPlaintext() || outbound.holds()) {
            return true; // plaintext; or a held ticket, which a read sends before the wait
        }
        // A TLS record: type, version (2 bytes), length (2 bytes), then the length's bytes.
        int at = net.position();
        return net.remaining() >= 5
                && net.remaining() >= 5 + (((net.get(at + 3) & 0xff) << 8) | (net.get(at + 4) & 0xff));
    }

    /** Returns the codec, for its state and {@link TlsCodec#info()}. */
    public TlsCodec codec() {
        return codec;
    }

    private int fill() throws IOException {
        net.compact();
        if (!net.hasRemaining()) {
            // A record larger than the buffer: grow to the largest record.
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(net.capacity() * 2, codec.packetSize()));
            net = bigger.put(net.flip());
        }
        try {
            return source.read(net);
        } finally {
            net.flip();
        }
    }
}
