package io.loomicorn.app;

import io.loomicorn.http.Headers;

import java.io.InputStream;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the application sees it.
 *
 * <p>Everything here was already checked by Loomicorn's strict HTTP/1.1 parser: the
 * method and the field names are tokens, the values hold no control characters, and
 * the body framing is unambiguous. A request object is valid only while
 * {@link App#handle} runs.
 */
public interface Request {

    /** Returns the method, exactly as received, e.g. {@code GET}. */
    String method();

    /**
     * Returns the request target exactly as received: {@code /a%20b?x=1}, an absolute
     * URI, an authority ({@code CONNECT}) or {@code *} ({@code OPTIONS}).
     */
    String target();

    /**
     * Returns the path of the target, percent-decoded (ISO-8859-1, like WSGI's
     * {@code PATH_INFO}); for an absolute-form target the path part of the URI;
     * {@code *} and authority forms return the target itself.
     */
    String path();

    /**
     * Returns the mount point the application is served under, WSGI's {@code SCRIPT_NAME}:
     * empty, or a path that starts with {@code /} and does not end with one. It comes from
     * the {@code root_path} setting or from a trusted proxy's {@code SCRIPT_NAME} header;
     * {@link #path()} always starts with it.
     */
    default String scriptName() {
        return "";
    }

    /**
     * Returns the part of {@link #path()} below the {@linkplain #scriptName() mount point},
     * WSGI's {@code PATH_INFO}: the whole path when there is no mount point.
     */
    default String pathInfo() {
        return path().substring(scriptName().length());
    }

    /** Returns the raw query after {@code ?}, without the {@code ?}; empty if there is none. */
    String query();

    /** Returns the protocol version, {@code HTTP/1.1} or {@code HTTP/1.0}. */
    String version();

    /** Returns the header fields in the order received; read-only. */
    Headers headers();

    /**
     * Returns the declared body length: the Content-Length value, or {@code -1} when the
     * body is chunked. A request with neither has an empty body and returns {@code 0}.
     */
    long contentLength();

    /**
     * Returns the body. The stream ends at the end of the body, whether it was framed by
     * Content-Length or chunked, and never reads into the next request on the
     * connection. The first read sends {@code 100 Continue} if the client asked for
     * it. Closing the stream discards the rest of the body.
     *
     * @return the same stream on every call
     */
    InputStream body();

    /**
     * Returns the trailer fields of a chunked body. They are known only once the body
     * has been read to its end; before that, and for other bodies, this is empty.
     */
    Headers trailers();

    /**
     * Returns the client's address: the socket's peer, or the client that a trusted proxy
     * named (PROXY protocol, or forwarded headers from an address in
     * {@code forwarded_allow_ips}). An {@link java.net.InetSocketAddress}, whose port is 0 when
     * the proxy gave none (as {@code X-Forwarded-For} never does), or a
     * {@link java.net.UnixDomainSocketAddress} for a {@code unix:} listener without a proxy.
     */
    SocketAddress remoteAddress();

    /**
     * Returns the address of the socket's peer, whatever a proxy said: the proxy's own
     * address when there is one, else the same as {@link #remoteAddress()}.
     */
    default SocketAddress peerAddress() {
        return remoteAddress();
    }

    /** Returns the local address of the connection, of the same kind as {@link #peerAddress()}. */
    SocketAddress localAddress();

    /**
     * Returns the URL scheme the client used: {@code https} on a TLS connection, or when a
     * trusted proxy says so ({@code secure_scheme_headers}, {@code Forwarded: proto=https}, or
     * the TLS flag of a PROXY v2 header); {@code http} otherwise.
     */
    String scheme();

    /** Tells whether the client used {@code https}: shorthand for {@code "https".equals(scheme())}. */
    default boolean isSecure() {
        return "https".equals(scheme());
    }

    /**
     * Returns what the TLS handshake of this connection settled, when Loomicorn itself
     * terminated TLS; empty on a plain connection (even behind a TLS-terminating proxy).
     */
    default Optional<TlsInfo> tls() {
        return Optional.empty();
    }

    /**
     * Returns what the PROXY protocol v2 header of this connection said about TLS between the
     * client and the proxy (its {@code PP2_TYPE_SSL} TLV with the client-SSL flag): the protocol
     * and cipher suite when the proxy sent them (else empty strings), the SNI name the client
     * asked for ({@code PP2_TYPE_AUTHORITY}) and the ALPN protocol; never certificates. Empty
     * when there was no such header.
     */
    default Optional<TlsInfo> proxyTls() {
        return Optional.empty();
    }

    /**
     * Returns the server name, as WSGI's {@code SERVER_NAME}: the host a trusted proxy forwarded
     * ({@code X-Forwarded-Host}, {@code Forwarded: host=}), else the host part of the Host
     * header, else the listener's host.
     */
    String serverName();

    /**
     * Returns the server port: a trusted proxy's {@code X-Forwarded-Port} or the port of the
     * host it forwarded, else the Host header's port; when the host has no port, 443 for
     * {@code https} and 80 for {@code http}; without a Host header, the listener's port.
     */
    int serverPort();

    /**
     * Returns the request's attributes: a mutable map for hooks and applications to share
     * values during one request. It starts empty.
     */
    Map<String, Object> attributes();
}
