package io.loomicorn.tls;

import io.loomicorn.app.TlsInfo;

/**
 * The TLS side of one connection, as a driver uses it: read plaintext from
 * {@link #reader()}, write plaintext to {@link #outbound()}, and {@link #close()} before
 * closing the socket. Made by {@link ServerTls#open}.
 *
 * @param codec    the codec, for its state and failure
 * @param reader   the read side
 * @param outbound the write side
 */
public record TlsConnection(TlsCodec codec, TlsReader reader, TlsOutbound outbound) {

    /** Returns what the handshake settled, for the request; {@code null} until it has finished. */
    public TlsInfo info() {
        return codec.info();
    }

    /** Tells whether the handshake has finished (its deadline, {@code header_timeout}, then ends). */
    public boolean isHandshakeComplete() {
        return codec.info() != null;
    }

    /** Sends {@code close_notify} if no other writer is busy; never throws. Close the socket after it. */
    public void close() {
        outbound.close();
    }
}
