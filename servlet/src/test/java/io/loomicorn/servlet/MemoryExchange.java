package io.loomicorn.servlet;

import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.app.TlsInfo;
import io.loomicorn.http.Headers;
import io.loomicorn.http.MutableHeaders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An App API exchange in memory, for tests of the container without sockets: what the
 * engine would hand the application, with the values a proxy or TLS would set
 * (scheme, mount point, server name and port).
 */
public final class MemoryExchange {

    /** A request as the engine describes it. */
    public static final class MemoryRequest implements Request {
        private final String method;
        private final String target;
        private final String scriptName;
        private final String scheme;
        private final MutableHeaders headers = new MutableHeaders();
        private final byte[] body;
        private final Map<String, Object> attributes = new HashMap<>();
        private final int serverPort;

        /**
         * @param method     the method
         * @param target     the request target
         * @param scriptName the mount point
         * @param scheme     {@code http} or {@code https}
         * @param serverPort the port the client used
         * @param body       the body
         */
        public MemoryRequest(String method, String target, String scriptName, String scheme, int serverPort, String body) {
            this.method = method;
            this.target = target;
            this.scriptName = scriptName;
            this.scheme = scheme;
            this.serverPort = serverPort;
            this.body = body.getBytes(StandardCharsets.UTF_8);
            headers.add("Host", "shop.example");
        }

        /** Adds a header. */
        public MemoryRequest header(String name, String value) {
            headers.add(name, value);
            return this;
        }

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
            int q = target.indexOf('?');
            return java.net.URLDecoder.decode((q < 0 ? target : target.substring(0, q)).replace("+", "%2B"),
                    StandardCharsets.ISO_8859_1);
        }

        @Override
        public String scriptName() {
            return scriptName;
        }

        @Override
        public String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }

        @Override
        public String version() {
            return "HTTP/1.1";
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public long contentLength() {
            return body.length;
        }

        private InputStream stream;

        @Override
        public InputStream body() {
            if (stream == null) {
                stream = new ByteArrayInputStream(body);
            }
            return stream;
        }

        @Override
        public Headers trailers() {
            return new MutableHeaders();
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("203.0.113.7", 40000);
        }

        @Override
        public SocketAddress peerAddress() {
            return new InetSocketAddress("127.0.0.1", 50000);
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 8000);
        }

        @Override
        public String scheme() {
            return scheme;
        }

        @Override
        public Optional<TlsInfo> tls() {
            return Optional.empty();
        }

        @Override
        public String serverName() {
            return "shop.example";
        }

        @Override
        public int serverPort() {
            return serverPort;
        }

        @Override
        public Map<String, Object> attributes() {
            return attributes;
        }
    }

    /** A response that keeps what the application sent. */
    public static final class MemoryResponse implements Response {
        private int status = 200;
        private final MutableHeaders headers = new MutableHeaders();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean committed;
        private final OutputStream body = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public void flush() {
                committed = true;
            }
        };

        @Override
        public Response status(int code) {
            if (committed) {
                throw new IllegalStateException("committed");
            }
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
            return body;
        }

        @Override
        public void send(byte[] b) {
            committed = true;
            bytes.writeBytes(b);
        }

        @Override
        public void send(String b) {
            send(b.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void sendFile(Path file) throws IOException {
            send(Files.readAllBytes(file));
        }

        @Override
        public boolean isCommitted() {
            return committed;
        }

        /** Returns the body as UTF-8. */
        public String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private MemoryExchange() {
    }
}
