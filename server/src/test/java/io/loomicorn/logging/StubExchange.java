package io.loomicorn.logging;

import io.loomicorn.http.Headers;
import io.loomicorn.http.MutableHeaders;
import io.loomicorn.app.Request;
import io.loomicorn.app.Response;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
