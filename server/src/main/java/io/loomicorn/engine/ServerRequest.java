package io.loomicorn.engine;

import io.loomicorn.app.Request;
import io.loomicorn.app.TlsInfo;
import io.loomicorn.http.Headers;
import io.loomicorn.http.parser.BodyDecoder;
import io.loomicorn.http.parser.RequestHead;
import io.loomicorn.tls.TlsConnection;
import io.loomicorn.proxy.Forwarded;
import io.loomicorn.proxy.ForwardedRequestException;
import io.loomicorn.proxy.ProxiedConnection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Request} of one exchange: a view of the parser's {@link RequestHead} plus the
 * body stream, the connection's addresses, and what trusted proxies said about it
 * ({@link #applyProxies()}).
 */
public final class ServerRequest implements Request {

    private static final Headers NO_HEADERS = new EmptyHeaders();

    private final RequestHead head;
    private final ConnectionInfo connection;
    private final RequestBodyStream body;
    private Map<String, Object> attributes;
    private Forwarded forwarded = Forwarded.NONE;
    private String scriptName = "";

    ServerRequest(RequestHead head, ConnectionInfo connection, RequestBodyStream body) {
        this.head = head;
        this.connection = connection;
        this.body = body;
    }

    /**
     * Creates the request of one exchange, for any transport.
     *
     * @param head            the parsed head
     * @param connection      the connection's addresses
     * @param decoder         the decoder of this request's body ({@code parser.body()})
     * @param in              the connection's input buffer, in read mode, positioned at the body
     * @param source          refills {@code in} when the decoder needs more bytes; a transport
     *                        that buffered the whole body returns {@code false}
     * @param beforeFirstRead runs before the body's first read (sends {@code 100 Continue}), or null
     * @return the request
     */
    public static ServerRequest create(RequestHead head, ConnectionInfo connection, BodyDecoder decoder,
                                       ByteBuffer in, BodySource source, Runnable beforeFirstRead) {
        return new ServerRequest(head, connection, new RequestBodyStream(decoder, in, source, beforeFirstRead));
    }

    /**
     * Applies what the connection's trusted proxies said about this request (scheme, client,
     * host, mount point) and checks the path against the mount point. The dispatcher calls it
     * before anything else sees the request. A request from a hop that is not trusted, without
     * {@code root_path}, costs nothing here; from a trusted one without forwarded headers, a
     * mask test (see {@code RequestHead.fieldNameLengths()}) or a few failed header lookups.
     *
     * @throws ForwardedRequestException 400 for contradictory scheme headers or a malformed
     *                                   {@code Forwarded}, 500 for a path outside the mount point
     */
    public void applyProxies() {
        ProxiedConnection proxy = connection.proxy();
        Forwarded f = proxy.forwarded(head);
        forwarded = f;
        if (f.scriptName() != null || !proxy.settings().rootPath().isEmpty()) {
            scriptName = proxy.mountPoint(f, head.path());
        }
    }

    /** Tells whether the application read the body to its end. */
    public boolean bodyComplete() {
        return body.isComplete();
    }

    /**
     * Tells whether the part of the body the application has not read is known to be at
     * most {@code limit} bytes: then the server can drop it after the response and keep
     * the connection. A chunked body still in progress has no known size.
     *
     * @param limit the most bytes worth dropping
     * @return whether the rest of the body fits
     */
    public boolean unreadBodyAtMost(long limit) {
        if (body.isComplete()) {
            return true;
        }
        long rest = body.remainingOnWire();
        return rest >= 0 && rest <= limit;
    }

    /**
     * Reads and drops the rest of the body, up to {@code limit} bytes, so that the next
     * request on the connection starts at its request line.
     *
     * @param limit the most bytes worth discarding
     * @return {@code true} if the body ended within the limit
     * @throws IOException if the body is malformed or the connection fails
     */
    public boolean discardBody(long limit) throws IOException {
        return body.discard(limit);
    }

    /** Returns the parsed head. */
    public RequestHead head() {
        return head;
    }

    /** Returns the connection's addresses. */
    public ConnectionInfo connection() {
        return connection;
    }

    RequestBodyStream bodyStream() {
        return body;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        return head.path();
    }

    @Override
    public String query() {
        return head.query();
    }

    @Override
    public String version() {
        return head.version().text();
    }

    @Override
    public Headers headers() {
        return head.headers();
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public Headers trailers() {
        Headers t = body.isComplete() ? body.trailers() : null;
        return t == null ? NO_HEADERS : t;
    }

    @Override
    public String scriptName() {
        return scriptName;
    }

    @Override
    public SocketAddress remoteAddress() {
        InetSocketAddress client = forwarded.client();
        return client != null ? client : connection.proxy().client();
    }

    @Override
    public SocketAddress peerAddress() {
        return connection.remote();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.local();
    }

    /**
     * What a trusted proxy said wins; else {@code https} when Loomicorn terminated TLS on this
     * connection, or when a PROXY header said its client used TLS.
     */
    @Override
    public String scheme() {
        String scheme = forwarded.scheme();
        if (scheme != null) {
            return scheme;
        }
        return connection.tls() != null ? "https" : connection.proxy().scheme();
    }

    @Override
    public Optional<TlsInfo> tls() {
        TlsConnection tls = connection.tls();
        return tls == null ? Optional.empty() : Optional.ofNullable(tls.info());
    }

    @Override
    public Optional<TlsInfo> proxyTls() {
        return connection.proxy().tls();
    }

    @Override
    public String serverName() {
        String forwardedHost = forwarded.host();
        if (forwardedHost != null) {
            return forwardedHost;
        }
        String host = head.host();
        if (host != null && !host.isEmpty()) {
            return HostHeader.name(host);
        }
        return connection.listener() instanceof InetSocketAddress inet ? inet.getHostString() : "";
    }

    @Override
    public int serverPort() {
        if (forwarded.port() >= 0) {
            return forwarded.port();
        }
        if (forwarded.host() != null) {
            return defaultPort();
        }
        String host = head.host();
        if (host != null && !host.isEmpty()) {
            int port = HostHeader.port(host);
            return port >= 0 ? port : defaultPort();
        }
        return connection.listener() instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }

    /** The port a URL of this request's scheme has when it names none. */
    private int defaultPort() {
        return "https".equals(scheme()) ? 443 : 80;
    }

    @Override
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        return attributes;
    }

    private static final class EmptyHeaders implements Headers {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public String name(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public String value(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public String first(String name) {
            return null;
        }

        @Override
        public List<String> all(String name) {
            return List.of();
        }
    }
}
