package io.loomicorn.logging;

import io.loomicorn.http.Headers;
import io.loomicorn.http.MutableHeaders;
import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.app.TlsInfo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request and response with fixed contents, for access log tests. */
final class StubExchange {

    private StubExchange() {
    }

    /** A request; fields are public for tests to change. */
    static final class StubRequest implements Request {
        String method = "GET";
        String target = "/a%20b?x=1";
        String path = "/a b";
        String query = "x=1";
        String version = "HTTP/1.1";
        final MutableHeaders headers = new MutableHeaders();
        SocketAddress remote = new InetSocketAddress("192.0.2.7", 51234);
        final Map<String, Object> attributes = new HashMap<>();
        TlsInfo tls;

        @Override
        public String method() {
            return method;
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String query() {
            return query;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public long contentLength() {
            return 0;
        }

        @Override
        public InputStream body() {
            return InputStream.nullInputStream();
        }

        @Override
        public Headers trailers() {
            return new MutableHeaders();
        }

        @Override
        public SocketAddress remoteAddress() {
            return remote;
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 8000);
        }

        @Override
        public String scheme() {
            return "http";
        }

        @Override
        public String serverName() {
            return "example.org";
        }

        @Override
        public int serverPort() {
            return 8000;
        }

        @Override
        public Map<String, Object> attributes() {
            return attributes;
        }

        @Override
        public Optional<TlsInfo> tls() {
            return Optional.ofNullable(tls);
        }
    }

    /** What a TLS 1.3 handshake settled, without a client certificate. */
    static TlsInfo tls13() {
        return new TlsInfo() {
            @Override
            public String protocol() {
                return "TLSv1.3";
            }

            @Override
            public String cipherSuite() {
                return "TLS_AES_128_GCM_SHA256";
            }

            @Override
            public List<X509Certificate> peerCertificates() {
                return List.of();
            }

            @Override
            public Optional<String> serverName() {
                return Optional.of("example.org");
            }

            @Override
            public Optional<String> applicationProtocol() {
                return Optional.of("http/1.1");
            }
        };
    }

    /** A response; fields are public for tests to change. */
    static final class StubResponse implements Response {
        int status = 200;
        final MutableHeaders headers = new MutableHeaders();
        boolean committed = true;

        @Override
        public Response status(int code) {
            status = code;
            return this;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public MutableHeaders headers() {
            return headers;
        }

        @Override
        public OutputStream body() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public void send(byte[] body) {
        }

        @Override
        public void send(String body) {
        }

        @Override
        public void sendFile(Path file) {
        }

        @Override
        public boolean isCommitted() {
            return committed;
        }
    }
}
