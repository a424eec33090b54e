package io.loomicorn.engine;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The addresses of one connection.
 *
 * @param remote   the peer: an {@link InetSocketAddress} or a Unix address
 * @param local    this end of the connection
 * @param listener the address the listener was bound to, for {@code SERVER_NAME} and {@code SERVER_PORT}
 *                 when the request has no {@code Host}
 */
public record ConnectionInfo(SocketAddress remote, SocketAddress local, SocketAddress listener) {

    /** Returns the peer's IP address as text, or {@code ""} for a Unix socket (as WSGI's {@code REMOTE_ADDR}). */
    public String remoteHost() {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "";
    }
}
