package io.loomicorn.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Single requests on fresh connections: is the server up, is it idle again, and how many
 * bytes does one response of a scenario take.
 */
final class ResponseProbe {

    private ResponseProbe() {
    }

    /**
     * Returns whether {@code GET /} answers 200 within the timeout.
     *
     * @param port    the loopback port
     * @param timeout the connect and read timeout
     * @return whether it did
     */
    static boolean ok(int port, Duration timeout) {
        try {
            return exchange(port, "/", false, timeout) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one request and returns the size of the whole response in bytes.
     *
     * @param port      the loopback port
     * @param path      the request target
     * @param keepAlive whether to leave out {@code Connection: close} (the connection is
     *                  closed after the response anyway)
     * @param timeout   the connect and read timeout
     * @return the response size, or -1 unless the status was 2xx
     * @throws IOException on a connection error or timeout
     */
    static long exchange(int port, String path, boolean keepAlive, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(request(port, path, keepAlive));
            ResponseReader r = new ResponseReader(s.getInputStream(), 64 * 1024);
            if (!r.read()) {
                throw new IOException("connection closed without a response");
            }
            return r.status() / 100 == 2 ? r.bytesRead() : -1;
        }
    }

    /**
     * The bytes of a GET request, as every load generator here sends it.
     *
     * @param port      the port, for the Host header
     * @param path      the target
     * @param keepAlive false to add {@code Connection: close}
     * @return the request
     */
    static byte[] request(int port, String path, boolean keepAlive) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
