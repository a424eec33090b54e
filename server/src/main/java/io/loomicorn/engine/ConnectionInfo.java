package io.loomicorn.engine;

import io.loomicorn.proxy.ProxiedConnection;
import io.loomicorn.tls.TlsConnection;
import io.loomicorn.proxy.ProxySettings;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The addresses of one connection, and what its proxies said.
 *
 * @param remote   the socket's peer: an {@link InetSocketAddress} or a Unix address (behind a
 *                 proxy, the proxy)
 * @param local    this end of the connection
 * @param listener the address the listener was bound to, for {@code SERVER_NAME} and {@code SERVER_PORT}
 *                 when the request has no {@code Host}
 * @param proxy    the PROXY header the connection starts with, and whether its forwarded
 *                 headers are trusted (see {@link ProxiedConnection})
 * @param tls      the connection's TLS side when Loomicorn itself terminates TLS on it, else null
 */
public record ConnectionInfo(SocketAddress remote, SocketAddress local, SocketAddress listener,
                             ProxiedConnection proxy, TlsConnection tls) {

    /**
     * The addresses of a plain (not TLS) connection.
     *
     * @param remote   the socket's peer
     * @param local    this end of the connection
     * @param listener the listener's address
     * @param proxy    its proxy state
     */
    public ConnectionInfo(SocketAddress remote, SocketAddress local, SocketAddress listener, ProxiedConnection proxy) {
        this(remote, local, listener, proxy, null);
    }

    /**
     * Returns a copy with a TLS side.
     *
     * @param tls the connection's TLS side
     * @return the copy
     */
    public ConnectionInfo withTls(TlsConnection tls) {
        return new ConnectionInfo(remote, local, listener, proxy, tls);
    }

    /**
     * The addresses of a connection served with gunicorn's default proxy settings (for tests
     * and the warm-up).
     *
     * @param remote   the socket's peer
     * @param local    this end of the connection
     * @param listener the listener's address
     */
    public ConnectionInfo(SocketAddress remote, SocketAddress local, SocketAddress listener) {
        this(remote, local, listener, ProxySettings.defaults().connect(remote));
    }

    /**
     * Returns the client's IP address as text, for logs (as WSGI's {@code REMOTE_ADDR}): the
     * client a PROXY header named, else the socket's peer; {@code ""} for a Unix socket.
     */
    public String remoteHost() {
        return proxy.client() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "";
    }
}
