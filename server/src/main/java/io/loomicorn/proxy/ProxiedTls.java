package io.loomicorn.proxy;

import io.loomicorn.app.TlsInfo;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * TLS between a client and its proxy, as a PROXY protocol v2 header's TLVs describe it
 * (HAProxy's {@code send-proxy-v2-ssl} and {@code proxy-v2-options}). The proxy sends no
 * certificates, only names.
 *
 * @param protocol    {@code PP2_SUBTYPE_SSL_VERSION}, e.g. {@code TLSv1.3}; empty if not sent
 * @param cipherSuite {@code PP2_SUBTYPE_SSL_CIPHER}; empty if not sent
 * @param sni         {@code PP2_TYPE_AUTHORITY}: the host name the client asked for, or null
 * @param alpn        {@code PP2_TYPE_ALPN}: the negotiated protocol, or null
 */
record ProxiedTls(String protocol, String cipherSuite, String sni, String alpn) implements TlsInfo {

    @Override
    public List<X509Certificate> peerCertificates() {
        return List.of();
    }

    @Override
    public Optional<String> serverName() {
        return Optional.ofNullable(sni);
    }

    @Override
    public Optional<String> applicationProtocol() {
        return Optional.ofNullable(alpn);
    }
}
