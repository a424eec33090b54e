package io.loomicorn.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.DateCache;
import io.loomicorn.http.codec.ErrorResponse;
import io.loomicorn.http.codec.ResponseHeadEncoder;
import io.loomicorn.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec's two driver patterns over real loopback sockets, with the JDK's
 * {@link SSLSocket} as the client: a blocking driver (sync, vthread), and a selector loop
 * on a non-blocking socket (reactor).
 */
@Timeout(120)
class TlsSocketsTest {

    private static final TestPki PKI = TestPki.get();
    /** One thread per task: the common pool may have a single thread on a small machine. */
    private static final Executor THREADS = task -> Thread.ofVirtual().start(task);

    @TempDir
    Path tmp;

    private static ServerSocketChannel listen() throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    private static SSLSocket connect(ServerSocketChannel server) throws Exception {
        SSLSocket socket = (SSLSocket) PKI.clientContext(null).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), ((InetSocketAddress) server.getLocalAddress()).getPort());
        SSLParameters p = socket.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate names 127.0.0.1
        p.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(p);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static byte[] readHead(TlsReader reader, ByteBuffer in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(US_ASCII).endsWith("\r\n\r\n")) {
            in.clear();
            int n = reader.read(in);
            assertThat(n).isPositive(); // blocking: never 0
            head.write(in.array(), 0, in.position());
        }
        return head.toByteArray();
    }

    @Test
    void aBlockingDriverServesARequestAndAFileThenClosesWithCloseNotify() throws Exception {
        ServerTls tls = TlsCodecTest.server("ec-fullchain.pem", "ec.key");
        byte[] content = new byte[1024 * 1024 + 3];
        new Random(11).nextBytes(content);
        Path file = tmp.resolve("payload.bin");
        Files.write(file, content);
        try (ServerSocketChannel server = listen()) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel ch = server.accept()) {
                    TlsConnection c = tls.open(ch);
                    byte[] head = readHead(c.reader(), ByteBuffer.allocate(8192));
                    c.outbound().write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + content.length
                            + "\r\n\r\n").getBytes(US_ASCII)));
                    try (FileChannel f = FileChannel.open(file)) {
                        c.outbound().transferFrom(f, 0, content.length);
                    }
                    c.close();
                    return new String(head, US_ASCII) + "|" + c.info().protocol() + "|" + c.info().applicationProtocol().orElse("");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, THREADS);
            try (SSLSocket client = connect(server)) {
                client.getOutputStream().write("GET /f HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(US_ASCII));
                InputStream in = client.getInputStream();
                byte[] all = in.readAllBytes(); // ends at the server's close_notify
                String text = new String(all, 0, Math.min(all.length, 100), US_ASCII);
                assertThat(text).startsWith("HTTP/1.1 200 OK\r\nContent-Length: " + content.length + "\r\n\r\n");
                int headLength = text.indexOf("\r\n\r\n") + 4;
                assertThat(java.util.Arrays.copyOfRange(all, headLength, all.length)).isEqualTo(content);
            }
            assertThat(served.get(60, TimeUnit.SECONDS))
                    .isEqualTo("GET /f HTTP/1.1\r\nHost: localhost\r\n\r\n|TLSv1.3|http/1.1");
        }
    }

    @Test
    void plainHttpToTheTlsPortGetsAPlain400AsFromNginx() throws Exception {
        ServerTls tls = TlsCodecTest.server("ec.pem", "ec.key");
        try (ServerSocketChannel server = listen()) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SocketChannel ch = server.accept()) {
                    TlsConnection c = tls.open(ch);
                    try {
                        c.reader().read(ByteBuffer.allocate(8192));
                        throw new AssertionError("plain HTTP was read as TLS");
                    } catch (PlainHttpRequestException e) {
                        // What the connection machine does: answer in clear, straight to the socket.
                        ByteWriter out = new ByteWriter(256);
                        ErrorResponse.render(new ResponseHeadEncoder("loomicorn", new DateCache()), out,
                                HttpVersion.HTTP_1_1, 400, TlsCodec.PLAIN_HTTP_DETAIL);
                        ByteBuffer answer = out.asBuffer();
                        while (answer.hasRemaining()) {
                            ch.write(answer);
                        }
                        c.close();
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, THREADS);
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) server.getLocalAddress()).getPort())) {
                plain.setSoTimeout(30_000);
                plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(US_ASCII));
                String answer = new String(plain.getInputStream().readAllBytes(), US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n")
                        .endsWith("\r\n\r\n400 Bad Request: The plain HTTP request was sent to HTTPS port\n");
            }
            served.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEventLoopOnANonBlockingSocketEchoesALargeBody() throws Exception {
        ServerTls tls = TlsCodecTest.server("rsa-fullchain.pem", "rsa.key");
        byte[] body = new byte[2 * 1024 * 1024];
        new Random(12).nextBytes(body);
        try (ServerSocketChannel server = listen()) {
            CompletableFuture<Long> loop = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel ch = server.accept(); Selector selector = Selector.open()) {
                    return echoLoop(tls, ch, selector);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, THREADS);
            try (SSLSocket client = connect(server)) {
                loop.whenComplete((echoed, failure) -> {
                    if (failure != null) {
                        failure.printStackTrace();
                        try {
                            client.close(); // end the client's wait; the loop's failure is reported below
                        } catch (java.io.IOException e) {
                            // closing
                        }
                    }
                });
                OutputStream out = client.getOutputStream();
                CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                    try {
                        for (int at = 0; at < body.length; at += 10_000) {
                            out.write(body, at, Math.min(10_000, body.length - at));
                        }
                        out.flush();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, THREADS);
                byte[] echo = client.getInputStream().readNBytes(body.length);
                sender.get(60, TimeUnit.SECONDS);
                assertThat(echo).isEqualTo(body);
            }
            assertThat(loop.get(60, TimeUnit.SECONDS)).isEqualTo(body.length);
        }
    }

    /**
     * A minimal reactor: echoes plaintext as it is read, with a plaintext buffer much smaller
     * than a record, a write queue for what the socket does not take, and the rule that bytes
     * the codec holds are read without waiting for the selector.
     */
    private static long echoLoop(ServerTls tls, SocketChannel ch, Selector selector) throws Exception {
        ch.configureBlocking(false);
        SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
        ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
        TlsConnection c = tls.open(ch, bytes -> {
            if (queue.isEmpty()) {
                ch.write(bytes);
            }
            if (bytes.hasRemaining()) {
                queue.add(ByteBuffer.allocate(bytes.remaining()).put(bytes).flip());
                key.interestOpsOr(SelectionKey.OP_WRITE);
            }
        }, () -> { }, true);
        ByteBuffer plain = ByteBuffer.allocate(1000);
        long echoed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            selector.select(1000);
            selector.selectedKeys().clear();
            while (!queue.isEmpty()) {
                ch.write(queue.peek());
                if (queue.peek().hasRemaining()) {
                    break;
                }
                queue.poll();
            }
            if (queue.isEmpty()) {
                key.interestOps(SelectionKey.OP_READ);
            }
            int n;
            while ((n = c.reader().read(plain.clear())) > 0) {
                c.outbound().write(plain.flip());
                echoed += n;
            }
            assertThat(c.reader().hasBufferedInput()).as("read until the codec holds no complete record").isFalse();
            if (n < 0) {
                return echoed;
            }
        }
        throw new AssertionError("the loop did not finish; echoed " + echoed);
    }
}
