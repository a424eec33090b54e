package io.loomicorn.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw HTTP/1.1 client for tests: it writes exactly the bytes it is given and parses
 * responses strictly, so tests see what the server really sent. One instance is one
 * connection; several requests on it test keep-alive and pipelining.
 */
public final class HttpTestClient implements Closeable {

    private final Closeable socket;
    private final InputStream in;
    private final OutputStream out;

    private HttpTestClient(Closeable socket, InputStream in, OutputStream out) {
        this.socket = socket;
        this.in = new BufferedInputStream(in);
        this.out = out;
    }

    /**
     * Connects over TCP.
     *
     * @param host          the host
     * @param port          the port
     * @param timeoutMillis read timeout
     * @return the client
     * @throws IOException if the connection fails
     */
    public static HttpTestClient connect(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        s.setTcpNoDelay(true);
        return new HttpTestClient(s, s.getInputStream(), s.getOutputStream());
    }

    /**
     * Wraps a socket the caller connected: a TLS socket, or one bound to a chosen local
     * address.
     *
     * @param s the connected socket
     * @return the client
     * @throws IOException if the socket's streams cannot be opened
     */
    public static HttpTestClient over(Socket s) throws IOException {
        return new HttpTestClient(s, s.getInputStream(), s.getOutputStream());
    }

    /**
     * Connects to 127.0.0.1 with a 10 s timeout.
     *
     * @param port the port
     * @return the client
     * @throws IOException if the connection fails
     */
    public static HttpTestClient connect(int port) throws IOException {
        return connect("127.0.0.1", port, 10_000);
    }

    /**
     * Connects to a Unix socket.
     *
     * @param path the socket file
     * @return the client (no read timeout)
     * @throws IOException if the connection fails
     */
    public static HttpTestClient connectUnix(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(path));
        return new HttpTestClient(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
    }

    /**
     * Reads responses from bytes already captured (an in-memory transport's output).
     *
     * @param bytes what a server wrote
     * @return a client that only reads
     */
    public static HttpTestClient reading(byte[] bytes) {
        return new HttpTestClient(() -> { }, new java.io.ByteArrayInputStream(bytes), OutputStream.nullOutputStream());
    }

    /**
     * Tells whether every byte has been read (for {@link #reading} clients: no more response).
     *
     * @return whether the input is exhausted
     * @throws IOException if reading fails
     */
    public boolean atEnd() throws IOException {
        in.mark(1);
        int c = in.read();
        in.reset();
        return c < 0;
    }

    /**
     * Sends raw bytes.
     *
     * @param bytes what to send
     * @return this client
     * @throws IOException if writing fails
     */
    public HttpTestClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Sends text as ISO-8859-1 bytes.
     *
     * @param text what to send
     * @return this client
     * @throws IOException if writing fails
     */
    public HttpTestClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads one response.
     *
     * @return the response
     * @throws IOException if the connection fails or the response is malformed
     */
    public HttpResponse read() throws IOException {
        return read(false);
    }

    /**
     * Reads one response to a HEAD request (which has no body, whatever its framing says).
     *
     * @return the response
     * @throws IOException if the connection fails or the response is malformed
     */
    public HttpResponse readHead() throws IOException {
        return read(true);
    }

    /**
     * Sends a request and reads its response.
     *
     * @param request the raw request
     * @return the response
     * @throws IOException if the exchange fails
     */
    public HttpResponse exchange(String request) throws IOException {
        return send(request).read();
    }

    /** Tells whether the server closed the connection: a read sees end of stream (or a reset). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads everything until the server closes the connection. */
    public byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    private HttpResponse read(boolean head) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = fields();
        HttpResponse shell = new HttpResponse(parts[0], status, parts.length > 2 ? parts[2] : "", headers,
                new byte[0], List.of());
        if (head || status < 200 || status == 204 || status == 304) {
            return shell;
        }
        String te = shell.header("Transfer-Encoding");
        String cl = shell.header("Content-Length");
        List<String[]> trailers = List.of();
        byte[] body;
        if (te != null && te.equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    trailers = fields();
                    break;
                }
                b.write(exactly(n));
                if (!line().isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
            body = b.toByteArray();
        } else if (cl != null) {
            body = exactly(Integer.parseInt(cl.trim()));
        } else {
            body = in.readAllBytes();
        }
        return new HttpResponse(parts[0], status, shell.reason(), headers, body, trailers);
    }

    private List<String[]> fields() throws IOException {
        List<String[]> headers = new ArrayList<>();
        for (String l; !(l = line()).isEmpty(); ) {
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line: " + l);
            }
            headers.add(new String[] {l.substring(0, colon), l.substring(colon + 1).strip()});
        }
        return headers;
    }

    private byte[] exactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("body ended after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed" + (b.size() > 0 ? " mid-line: " + b : ""));
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("CR not followed by LF");
                }
                return b.toString(StandardCharsets.ISO_8859_1);
            }
            if (c == '\n') {
                throw new IOException("bare LF in response");
            }
            b.write(c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
