package io.loomicorn.proxy;

import io.loomicorn.app.TlsInfo;

import java.net.InetSocketAddress;

/**
 * What a PROXY protocol header said about its connection.
 *
 * @param version     1 (text) or 2 (binary)
 * @param source      the client's address and port, as the proxy saw it; {@code null} when
 *                    the header named no client ({@code UNKNOWN}, v2 {@code LOCAL}, an
 *                    unspecified or Unix address family): the socket's addresses then stand
 * @param destination the address and port the client connected to on the proxy, or
 *                    {@code null} with {@code source}
 * @param tls         what the v2 {@code PP2_TYPE_SSL} TLV said, when it says the client used
 *                    TLS; {@code null} otherwise
 */
public record ProxyHeader(int version, InetSocketAddress source, InetSocketAddress destination, TlsInfo tls) {
}
