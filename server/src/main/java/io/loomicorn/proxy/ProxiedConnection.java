package io.loomicorn.proxy;

import io.loomicorn.app.TlsInfo;
import io.loomicorn.http.parser.ParseError;
import io.loomicorn.http.parser.RequestHead;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The proxy side of one connection: the PROXY header it may start with, and whether the
 * hop that wrote its HTTP bytes may set forwarded headers. Made by
 * {@link ProxySettings#connect} when the connection is accepted; kept in the engine's
 * {@code ConnectionInfo}.
 *
 * <h2>Contract with a connection driver</h2>
 * Before the HTTP parser sees the first bytes of the connection, the driver calls
 * {@link #readHeader} with its input buffer, as often as it returns {@code NEED_MORE},
 * reading more into the buffer (appending) in between, and {@link #endOfInput} if the peer
 * closes meanwhile. On {@code DONE} the buffer is positioned at the first request's first
 * byte; on {@code FAILED} the driver answers {@link #headerError()} (400, or 403 for a sender
 * outside {@code proxy_allow_ips}) and closes. Once {@code DONE}, further calls return
 * {@code DONE} at once and consume nothing, so a driver may call it before every parse of
 * the first request. With {@code proxy_protocol = off} the first call returns {@code DONE}.
 *
 * <p>Threads: the header is read on the connection's I/O thread before any request exists;
 * request threads start later and only read.
 */
public final class ProxiedConnection {

    /** What {@link #readHeader} tells the driver. */
    public enum Prelude {
        /** Read more bytes into the buffer and call again. */
        NEED_MORE,
        /** The header was consumed, or there was none: parse requests. */
        DONE,
        /** Answer {@link #headerError()} and close. */
        FAILED
    }

    private final ProxySettings settings;
    private final SocketAddress peer;
    private ProxyProtocolDecoder decoder;
    private ProxyHeader header;
    private ParseError error;
    private boolean trusted;

    ProxiedConnection(ProxySettings settings, SocketAddress peer) {
        this.settings = settings;
        this.peer = peer;
        this.trusted = settings.forwardedAllow().matches(peer);
        if (settings.proxyProtocol() != ProxyProtocolMode.OFF) {
            decoder = new ProxyProtocolDecoder(settings.proxyProtocol(), settings.proxyAllow().matches(peer));
        }
    }

    /**
     * Consumes a PROXY header from the first bytes of the connection.
     *
     * @param in the connection's input buffer, in read mode
     * @return what the driver does next
     */
    public Prelude readHeader(ByteBuffer in) {
        ProxyProtocolDecoder d = decoder;
        return d == null ? (error == null ? Prelude.DONE : Prelude.FAILED) : settle(d.decode(in));
    }

    /**
     * Tells that the peer closed its side while {@link #readHeader} wanted more.
     *
     * @return {@code FAILED} when the connection ended inside a header, else {@code DONE}
     */
    public Prelude endOfInput() {
        ProxyProtocolDecoder d = decoder;
        return d == null ? (error == null ? Prelude.DONE : Prelude.FAILED) : settle(d.endOfInput());
    }

    private Prelude settle(ProxyProtocolDecoder.Status status) {
        switch (status) {
            case NEED_MORE -> {
                return Prelude.NEED_MORE;
            }
            case FAILED -> {
                error = decoder.error();
                decoder = null;
                return Prelude.FAILED;
            }
            case COMPLETE -> {
                header = decoder.header();
                if (header.source() != null) {
                    // The PROXY sender relays bytes; the HTTP comes from the client it names,
                    // which must be trusted too (a TCP-mode proxy's clients write their own headers).
                    trusted = trusted && settings.forwardedAllow().matches(header.source());
                }
            }
            default -> { }
        }
        decoder = null;
        return Prelude.DONE;
    }

    /** Returns why the header was refused, after {@code FAILED}. */
    public ParseError headerError() {
        return error;
    }

    /** Returns the PROXY header the connection started with, or {@code null}. */
    public ProxyHeader header() {
        return header;
    }

    /** Returns the socket's peer. */
    public SocketAddress peer() {
        return peer;
    }

    /** Returns the client: the PROXY header's source when it named one, else the socket's peer. */
    public SocketAddress client() {
        ProxyHeader h = header;
        return h != null && h.source() != null ? h.source() : peer;
    }

    /**
     * Tells whether the hop's forwarded headers are read: the socket's peer is in
     * {@code forwarded_allow_ips} and so is the client a PROXY header named, if any.
     */
    public boolean trusted() {
        return trusted;
    }

    /** Returns the scheme before any forwarded header: {@code https} when the PROXY header says TLS. */
    public String scheme() {
        ProxyHeader h = header;
        return h != null && h.tls() != null ? "https" : "http";
    }

    /** Returns TLS between the client and the proxy, as a PROXY v2 header described it. */
    public Optional<TlsInfo> tls() {
        ProxyHeader h = header;
        return h == null ? Optional.empty() : Optional.ofNullable(h.tls());
    }

    /** Returns the worker's proxy settings. */
    public ProxySettings settings() {
        return settings;
    }

    /**
     * Reads what the hop's headers say about one request; nothing when the hop is not
     * trusted.
     *
     * @param head the request's head
     * @return what they said, or {@link Forwarded#NONE}
     * @throws ForwardedRequestException 400 for contradictory scheme headers or a malformed
     *                                   {@code Forwarded}
     */
    public Forwarded forwarded(RequestHead head) {
        return trusted ? settings.resolver().resolve(head) : Forwarded.NONE;
    }

    /**
     * Returns the mount point of a request: a trusted {@code SCRIPT_NAME}, else {@code root_path};
     * checked against the request's path.
     *
     * @param forwarded what the hop's headers said
     * @param path      the request's decoded path
     * @return the mount point, empty for none
     * @throws ForwardedRequestException 500 when the path is not the mount point or below it
     */
    public String mountPoint(Forwarded forwarded, String path) {
        boolean fromHeader = forwarded.scriptName() != null;
        String mount = fromHeader ? forwarded.scriptName() : settings.rootPath();
        if (mount.isEmpty() || !path.startsWith("/")) {
            return ""; // OPTIONS * and CONNECT host:port are not below any mount point
        }
        if (path.startsWith(mount) && (path.length() == mount.length() || path.charAt(mount.length()) == '/')) {
            return mount;
        }
        throw new ForwardedRequestException(500, "Configuration problem: request path '" + printable(path)
                + "' is not below the mount point '" + printable(mount) + "' ("
                + (fromHeader ? "the SCRIPT_NAME header of a trusted proxy" : "root_path") + ")",
                "Configuration problem: the request path is outside the application's mount point");
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
