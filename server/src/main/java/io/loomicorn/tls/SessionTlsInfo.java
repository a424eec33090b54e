package io.loomicorn.tls;

import io.loomicorn.app.TlsInfo;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a finished handshake settled, copied out of the {@link SSLEngine} once so that
 * requests can read it on any thread.
 *
 * @param protocol            e.g. {@code TLSv1.3}
 * @param cipherSuite         e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param peerCertificates    the client's verified chain; empty when it sent none
 * @param serverName          the SNI host name the client asked for
 * @param applicationProtocol the ALPN protocol agreed on
 */
record SessionTlsInfo(String protocol, String cipherSuite, List<X509Certificate> peerCertificates,
                      Optional<String> serverName, Optional<String> applicationProtocol) implements TlsInfo {

    SessionTlsInfo {
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** Reads the engine's session; call once its handshake has finished. */
    static SessionTlsInfo of(SSLEngine engine) {
        SSLSession session = engine.getSession();
        List<X509Certificate> peers = new ArrayList<>();
        // Without cert_reqs the server asks for no certificate, and the JDK's answer that there is
        // none is an exception with its stack trace, once per handshake.
        if (engine.getNeedClientAuth() || engine.getWantClientAuth()) {
            try {
                for (Certificate c : session.getPeerCertificates()) {
                    if (c instanceof X509Certificate x) {
                        peers.add(x);
                    }
                }
            } catch (SSLPeerUnverifiedException e) {
                // the client sent no certificate
            }
        }
        Optional<String> sni = Optional.empty();
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    sni = Optional.of(host.getAsciiName());
                }
            }
        }
        String alpn = engine.getApplicationProtocol();
        return new SessionTlsInfo(session.getProtocol(), session.getCipherSuite(), peers, sni,
                alpn == null || alpn.isEmpty() ? Optional.empty() : Optional.of(alpn));
    }
}
