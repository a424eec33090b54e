package io.loomicorn.e2e;

import io.loomicorn.app.App;
import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.app.TlsInfo;
import io.loomicorn.examples.DemoApp;

import java.security.cert.X509Certificate;
import java.util.stream.Collectors;

/**
 * A test application that tells what TLS it was reached over: {@code /tls} answers one
 * {@code key=value} line each for the scheme, the protocol, the cipher suite, the ALPN
 * protocol, the SNI name, and the client's verified certificate chain (subjects, then the
 * first certificate's issuer and serial), {@code -} where there is none. Every other path
 * is {@link DemoApp}'s.
 */
public final class TlsEchoApp implements App {

    private final DemoApp demo = new DemoApp();

    /** Creates the app. */
    public TlsEchoApp() {
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        if (!request.path().equals("/tls")) {
            demo.handle(request, response);
            return;
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "scheme", request.scheme());
        TlsInfo tls = request.tls().orElse(null);
        line(sb, "protocol", tls == null ? "-" : tls.protocol());
        line(sb, "cipher", tls == null ? "-" : tls.cipherSuite());
        line(sb, "alpn", tls == null ? "-" : tls.applicationProtocol().orElse("-"));
        line(sb, "sni", tls == null ? "-" : tls.serverName().orElse("-"));
        if (tls == null || tls.peerCertificates().isEmpty()) {
            line(sb, "peer", "-");
        } else {
            line(sb, "peer", tls.peerCertificates().stream()
                    .map(c -> c.getSubjectX500Principal().getName()).collect(Collectors.joining(" | ")));
            X509Certificate first = tls.peerCertificates().getFirst();
            line(sb, "peer_issuer", first.getIssuerX500Principal().getName());
            line(sb, "peer_serial", first.getSerialNumber().toString(16));
        }
        response.headers().set("Content-Type", "text/plain");
        response.send(sb.toString());
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(value).append('\n');
    }
}
