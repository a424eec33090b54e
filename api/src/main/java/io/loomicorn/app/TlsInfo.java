package io.loomicorn.app;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What the TLS handshake of a connection settled, as an application may need it: for
 * mutual TLS, the client's verified certificate chain; for logging and policy, the
 * protocol and cipher suite.
 */
public interface TlsInfo {

    /** Returns the protocol, e.g. {@code TLSv1.3}. */
    String protocol();

    /** Returns the cipher suite, e.g. {@code TLS_AES_128_GCM_SHA256}. */
    String cipherSuite();

    /**
     * Returns the client's certificate chain, the client's own certificate first, as the
     * server verified it against {@code ca_certs}; empty when the client sent none.
     */
    List<X509Certificate> peerCertificates();

    /** Returns the host name the client asked for with SNI, if it sent one. */
    Optional<String> serverName();

    /** Returns the protocol agreed with ALPN, e.g. {@code http/1.1}, if the client offered any. */
    Optional<String> applicationProtocol();
}
