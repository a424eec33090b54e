package io.loomicorn.tls;

import io.loomicorn.app.TlsInfo;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The server side of one TLS connection, as a codec around an {@link SSLEngine}: network
 * bytes in, plaintext out, and the reverse. Like the request parser, it never does I/O and
 * never blocks; each call says what it needs next. It is the only implementation of TLS,
 * for every worker class. Most drivers use it through {@link TlsReader} and
 * {@link TlsOutbound}, which add the buffers, the lock and the calls to the socket.
 *
 * <h2>Reading: {@link #unwrap}</h2>
 * Takes network bytes from {@code net} (read mode: position to limit) and appends
 * plaintext to {@code plain} (write mode), as much as both allow; an incomplete record is
 * left in {@code net} for the caller to complete. A record whose plaintext does not fit in
 * {@code plain} (the HTTP buffer is 8 KiB, a record up to 16 KiB) is decrypted into an
 * internal spill buffer and handed over as room appears. The result says what to do next:
 * <table>
 *   <caption>unwrap results</caption>
 *   <tr><th>result</th><th>the caller</th></tr>
 *   <tr><td>{@code NEED_INPUT}</td><td>reads more network bytes into {@code net}; the
 *       plaintext produced so far, if any, is in {@code plain}</td></tr>
 *   <tr><td>{@code NEED_OUTPUT}</td><td>wraps (with nothing) and sends the result: a
 *       handshake flight, a TLS 1.3 key update; then calls again</td></tr>
 *   <tr><td>{@code HANDSHAKE_COMPLETE}</td><td>notes it ({@link #info()} is now set; the
 *       handshake deadline ends); calls again. Reported once.</td></tr>
 *   <tr><td>{@code PLAINTEXT_FULL}</td><td>consumes plaintext, then calls again, even
 *       without new network bytes: the codec holds more</td></tr>
 *   <tr><td>{@code CLOSED}</td><td>the client sent {@code close_notify}: no more input</td></tr>
 *   <tr><td>{@code PLAIN_HTTP}</td><td>the client spoke plain HTTP to the TLS port: answer
 *       {@link #PLAIN_HTTP_DETAIL} with a plain (unencrypted) 400, as nginx does, and close</td></tr>
 *   <tr><td>{@code FAILED}</td><td>closes ({@link #failure()} says why); a
 *       {@link #closeOutbound()} and a last wrap send the alert JSSE prepared</td></tr>
 * </table>
 *
 * <h2>Writing: {@link #wrap}</h2>
 * Seals plaintext from {@code plain} into records appended to {@code net} (write mode).
 * Whatever the result, {@code net} then holds bytes to send, in order, before the next
 * wrap. {@code DONE}: every plaintext byte was sealed; {@code OUTPUT_FULL}: send and call
 * again (if {@code net} was empty, it is smaller than a record: grow it to
 * {@link #packetSize()}); {@code NEED_INPUT}: the handshake must read before data can be
 * sealed; {@code CLOSED}: the outbound side is closed (after {@link #closeOutbound()});
 * {@code FAILED}: see {@link #failure()}.
 *
 * <h2>Threads</h2>
 * One thread at a time reads (the connection's reader). Writes may come from several
 * threads, such as the application's and a watchdog's 503, and must be serialised by one
 * lock held across the wrap <em>and</em> the sending of its bytes, or records reach the
 * socket out of order and the peer fails them; {@link TlsOutbound} is that lock. A read
 * and a write may run at the same time ({@link SSLEngine} allows it). Delegated tasks run
 * inline, on whichever side meets them. {@link #state()}, {@link #info()} and
 * {@link #failure()} may be read from any thread.
 *
 * <p>Renegotiation is refused: TLS 1.3 has none, and for TLS 1.2 {@link ServerTls} sets
 * {@code jdk.tls.rejectClientInitiatedRenegotiation}, so a client's new handshake fails the
 * connection with an alert.
 */
public final class TlsCodec {

    /** The text of the 400 answer to plain HTTP on a TLS port, nginx's wording. */
    public static final String PLAIN_HTTP_DETAIL = "The plain HTTP request was sent to HTTPS port";

    /** The connection's state. */
    public enum State {
        /** The handshake has not finished. */
        HANDSHAKING,
        /** Application data flows. */
        OPEN,
        /** The client closed ({@code close_notify} or end of stream), or the server did. */
        CLOSED,
        /** The handshake or a record failed, or the client spoke something else than TLS. */
        FAILED
    }

    /** What {@link #unwrap} needs next; see the class comment. */
    public enum ReadResult { NEED_INPUT, NEED_OUTPUT, HANDSHAKE_COMPLETE, PLAINTEXT_FULL, CLOSED, PLAIN_HTTP, FAILED }

    /** What {@link #wrap} needs next; see the class comment. */
    public enum WriteResult { DONE, OUTPUT_FULL, NEED_INPUT, CLOSED, FAILED }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final SSLEngine engine;

    private volatile State state = State.HANDSHAKING;
    private volatile String failure;
    private volatile TlsInfo info;
    /** Set when the first bytes were not TLS: nothing may then be sent in TLS framing. */
    private volatile boolean notTls;
    private volatile boolean closing;

    // Reader side only.
    private boolean sniffed;
    private boolean plainHttp;
    private boolean completeReported;
    /** TLS 1.3: the client's Finished was read, and the engine owes its session ticket (see {@link #ticketOwed()}). */
    private boolean ticketOwed;
    private ByteBuffer spill = ByteBuffer.allocate(0);

    /**
     * Wraps a server-mode engine whose parameters are set; starts its handshake.
     *
     * @param engine a new engine, in server mode
     * @throws IllegalArgumentException when the engine is in client mode
     */
    public TlsCodec(SSLEngine engine) {
        if (engine.getUseClientMode()) {
            throw new IllegalArgumentException("a server codec needs a server-mode engine");
        }
        this.engine = engine;
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
        }
    }

    /**
     * Turns network bytes into plaintext; reader thread only.
     *
     * @param net   network bytes, read mode; what is consumed advances its position
     * @param plain where plaintext is appended, write mode
     * @return what is needed next
     */
    public ReadResult unwrap(ByteBuffer net, ByteBuffer plain) {
        if (!sniffed) {
            ReadResult first = sniff(net);
            if (first != null) {
                return first;
            }
        }
        boolean stalled = false;
        while (true) {
            if (state == State.FAILED) {
                return plainHttp ? ReadResult.PLAIN_HTTP : ReadResult.FAILED;
            }
            if (info != null && !completeReported) {
                completeReported = true;
                return ReadResult.HANDSHAKE_COMPLETE;
            }
            if (spill.hasRemaining()) {
                move(spill, plain);
                if (spill.hasRemaining()) {
                    return ReadResult.PLAINTEXT_FULL;
                }
            }
            if (engine.isInboundDone()) {
                // A fatal alert closes the inbound side too, also when a delegated task
                // raised it: the engine reports that on its next call.
                try {
                    engine.unwrap(EMPTY, plain);
                } catch (SSLException e) {
                    fail(e);
                    continue;
                }
                state = State.CLOSED;
                return ReadResult.CLOSED;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                return ReadResult.NEED_OUTPUT;
            }
            noteComplete(hs);
            if (info != null && !completeReported) {
                continue;
            }
            if ((!net.hasRemaining() && hs != HandshakeStatus.NEED_UNWRAP_AGAIN) || stalled) {
                return ReadResult.NEED_INPUT;
            }
            SSLEngineResult r;
            try {
                r = engine.unwrap(net, plain);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    if (!plain.hasRemaining()) {
                        return ReadResult.PLAINTEXT_FULL;
                    }
                    // The record's plaintext is larger than the room left: decrypt it aside.
                    spill = spill.capacity() >= appSize() ? spill.clear() : ByteBuffer.allocate(appSize());
                    r = engine.unwrap(net, spill);
                    spill.flip();
                }
            } catch (SSLException e) {
                fail(e);
                continue;
            }
            noteComplete(r.getHandshakeStatus());
            if (info == null && r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && r.bytesConsumed() > 0) {
                // In TLS 1.3 only the client's Finished makes a record read ask for a write at
                // once: the ClientHello's answer comes from a delegated task.
                // (The Finished made the session: getHandshakeSession() is null by now.)
                ticketOwed = "TLSv1.3".equals(engine.getSession().getProtocol());
            }
            switch (r.getStatus()) {
                case OK -> stalled = r.bytesConsumed() == 0 && r.bytesProduced() == 0;
                case BUFFER_UNDERFLOW -> {
                    return ReadResult.NEED_INPUT; // the rest of the record is still on its way
                }
                case CLOSED -> {
                    if (!spill.hasRemaining()) {
                        state = State.CLOSED;
                        return ReadResult.CLOSED;
                    }
                }
                case BUFFER_OVERFLOW -> throw new IllegalStateException(
                        "a record needs more than " + spill.capacity() + " bytes of plaintext");
            }
        }
    }

    /** The first bytes decide: TLS goes on; plain HTTP and garbage fail at once. */
    private ReadResult sniff(ByteBuffer net) {
        switch (FirstBytes.classify(net)) {
            case NEED_MORE -> {
                return ReadResult.NEED_INPUT;
            }
            case TLS -> {
                sniffed = true;
                return null;
            }
            case PLAIN_HTTP -> {
                sniffed = true;
                plainHttp = true;
                notTls = true;
                failure = "the client sent plain HTTP to a TLS port";
                state = State.FAILED;
                return ReadResult.PLAIN_HTTP;
            }
            default -> {
                sniffed = true;
                notTls = true;
                failure = String.format("the client sent something else than TLS (first byte 0x%02x)",
                        net.get(net.position()) & 0xff);
                state = State.FAILED;
                return ReadResult.FAILED;
            }
        }
    }

    /**
     * Seals plaintext into records; one writer at a time (see the class comment).
     *
     * @param plain the plaintext; consumed as it is sealed. May be empty, to send what the
     *              handshake or a close needs.
     * @param net   where records are appended, write mode
     * @return what is needed next
     */
    public WriteResult wrap(ByteBuffer[] plain, ByteBuffer net) {
        if (notTls) {
            return WriteResult.CLOSED;
        }
        boolean stalled = false;
        while (true) {
            if (state == State.FAILED && !closing) {
                return WriteResult.FAILED;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            noteComplete(hs);
            boolean data = hasRemaining(plain);
            if (engine.isOutboundDone()) {
                return data || closing ? WriteResult.CLOSED : WriteResult.DONE;
            }
            if (!data && hs != HandshakeStatus.NEED_WRAP && !closing) {
                return WriteResult.DONE;
            }
            if (data && info == null && hs != HandshakeStatus.NEED_WRAP) {
                return WriteResult.NEED_INPUT;
            }
            if (stalled) {
                return data ? WriteResult.NEED_INPUT : WriteResult.DONE;
            }
            SSLEngineResult r;
            try {
                r = engine.wrap(plain, net);
            } catch (SSLException e) {
                fail(e);
                if (closing) {
                    return WriteResult.CLOSED;
                }
                continue;
            }
            noteComplete(r.getHandshakeStatus());
            switch (r.getStatus()) {
                case OK -> stalled = r.bytesConsumed() == 0 && r.bytesProduced() == 0;
                case BUFFER_OVERFLOW -> {
                    return WriteResult.OUTPUT_FULL;
                }
                case CLOSED -> {
                    if (state != State.FAILED) {
                        state = State.CLOSED;
                    }
                    return WriteResult.CLOSED;
                }
                case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap reported an underflow");
            }
        }
    }

    /**
     * Starts the server's side of the close: the next {@link #wrap} produces
     * {@code close_notify} (or, after a failure, the pending alert) and then reports
     * {@code CLOSED}. Nothing is produced when the client never spoke TLS. Writer side.
     */
    public void closeOutbound() {
        closing = true;
        if (!notTls) {
            engine.closeOutbound();
        }
        if (state != State.FAILED) {
            state = State.CLOSED;
        }
    }

    /**
     * Records that the network input ended without {@code close_notify}. HTTP/1.1 frames
     * its messages, so a truncation is no attack on them, and clients often just close
     * (Python's {@code suppress_ragged_eofs}); the connection simply ends. Reader side.
     */
    public void endOfInput() {
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            // no close_notify: expected, see above
        }
        if (state != State.FAILED) {
            state = State.CLOSED;
        }
    }

    /** Returns the state. */
    public State state() {
        return state;
    }

    /** Returns what the handshake settled; {@code null} until it has finished. */
    public TlsInfo info() {
        return info;
    }

    /** Returns why the connection failed, in one line; {@code null} unless it failed. */
    public String failure() {
        return failure;
    }

    /** Tells whether decrypted plaintext waits inside the codec (see {@code PLAINTEXT_FULL}). */
    public boolean hasPendingPlaintext() {
        return spill.hasRemaining();
    }

    /**
     * Tells whether the output the engine owes ({@code NEED_OUTPUT}) is the TLS 1.3 session
     * ticket that follows the client's Finished. The client does not wait for it: the
     * driver may seal it and send it with the response to the request that follows
     * ({@link TlsOutbound#hold(boolean)}), where every other handshake flight must go out before
     * the next read. Reader side.
     */
    public boolean ticketOwed() {
        return ticketOwed && info == null;
    }

    /** Tells whether the engine has bytes to send that no one asked for yet (e.g. a key update). */
    public boolean outputOwed() {
        return engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /** Returns the size of the largest record, the room {@link #wrap} may need in {@code net}. */
    public int packetSize() {
        return engine.getSession().getPacketBufferSize();
    }

    private int appSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    /**
     * Records the end of the handshake the first time a result or status shows it: JSSE
     * reports {@code FINISHED} once, from the wrap or unwrap that ended it, and
     * {@code NOT_HANDSHAKING} after (the constructor began the handshake, so never before).
     */
    private void noteComplete(HandshakeStatus hs) {
        if (info == null && (hs == HandshakeStatus.FINISHED
                || (hs == HandshakeStatus.NOT_HANDSHAKING && state == State.HANDSHAKING))) {
            synchronized (this) {
                if (info == null && state == State.HANDSHAKING) {
                    info = SessionTlsInfo.of(engine);
                    state = State.OPEN;
                }
            }
        }
    }

    private void fail(SSLException e) {
        if (failure == null) {
            failure = oneLine(e);
        }
        state = State.FAILED;
    }

    private static String oneLine(SSLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\R", " ");
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    private static void move(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        to.put(to.position(), from, from.position(), n);
        to.position(to.position() + n);
        from.position(from.position() + n);
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
