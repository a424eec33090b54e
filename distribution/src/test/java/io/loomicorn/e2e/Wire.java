package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.TestPki;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * How an end-to-end suite reaches its servers: in plain text, or over TLS with a
 * certificate of {@link TestPki} (made during the run). A suite written against a
 * {@code Wire} runs unchanged over both: its subclass for TLS only swaps the wire.
 */
enum Wire {

    /** Plain HTTP over TCP. */
    PLAIN,

    /**
     * HTTPS: the master gets {@code ec-fullchain.pem} and {@code ec.key}; the client trusts
     * the test CA and checks that the certificate names 127.0.0.1, as a browser would.
     */
    TLS;

    /** The client's TLS context, one per test JVM (as one browser's): it trusts the test CA. */
    private static final class Client {
        static final SSLContext CONTEXT = TestPki.get().clientContext(null);
    }

    /** Returns what the master's command line needs for this wire. */
    List<String> serverArgs() {
        if (this == PLAIN) {
            return List.of();
        }
        TestPki pki = TestPki.get();
        return List.of("--certfile", pki.path("ec-fullchain.pem"), "--keyfile", pki.path("ec.key"));
    }

    /** Returns the scheme an application sees on this wire. */
    String scheme() {
        return this == PLAIN ? "http" : "https";
    }

    /**
     * Connects to 127.0.0.1, and for TLS completes the handshake.
     *
     * @param port          the server's port
     * @param timeoutMillis the connect and read timeout
     * @return the connected socket
     * @throws IOException if the connection or the handshake fails
     */
    Socket socket(int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        s.setTcpNoDelay(true);
        if (this == PLAIN) {
            return s;
        }
        SSLSocket tls = (SSLSocket) Client.CONTEXT.getSocketFactory().createSocket(s, "127.0.0.1", port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    /** Connects a raw HTTP client with a 10 s timeout. */
    HttpTestClient client(int port) throws IOException {
        return client(port, 10_000);
    }

    /** Connects a raw HTTP client. */
    HttpTestClient client(int port, int timeoutMillis) throws IOException {
        return HttpTestClient.over(socket(port, timeoutMillis));
    }

    /** One GET on a fresh connection. */
    HttpResponse get(int port, String path) throws IOException {
        try (HttpTestClient c = client(port)) {
            return c.exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        }
    }

    /** The pid of the worker that answers {@code /pid}. */
    long pid(int port) throws IOException {
        return Long.parseLong(get(port, "/pid").text().strip());
    }
}
