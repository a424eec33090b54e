package org.xnio.nio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bridge into XNIO's package: if a new XNIO changes the package-private types it
 * calls, this test fails loudly (IllegalAccessError, NoSuchMethodError or no echo).
 */
class LoomicornXnioBridgeTest {

    private XnioWorker worker;

    @BeforeEach
    void startWorker() throws IOException {
        worker = Xnio.getInstance("nio", LoomicornXnioBridge.class.getClassLoader())
                .createWorker(OptionMap.builder().set(Options.WORKER_IO_THREADS, 2)
                        .set(Options.THREAD_DAEMON, true).getMap());
    }

    @AfterEach
    void stopWorker() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void wrapsABoundChannelAndEchoesOneConnectionOnAnIoThread() throws Exception {
        ServerSocketChannel bound = ServerSocketChannel.open();
        bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) bound.getLocalAddress()).getPort();

        AcceptingChannel<StreamConnection> server = LoomicornXnioBridge.adopt(worker, bound,
                OptionMap.create(Options.TCP_NODELAY, true));
        CompletableFuture<String> acceptedOn = new CompletableFuture<>();
        server.getAcceptSetter().set(ch -> {
            try {
                StreamConnection c;
                while ((c = ch.accept()) != null) {
                    acceptedOn.complete(Thread.currentThread() instanceof XnioIoThread t ? "io-" + t.getNumber() : "other");
                    echo(c);
                }
            } catch (IOException e) {
                acceptedOn.completeExceptionally(e);
            }
        });
        server.resumeAccepts();
        assertThat(server.getLocalAddress()).isEqualTo(bound.getLocalAddress());

        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ping");
        }
        assertThat(acceptedOn.get(5, TimeUnit.SECONDS)).startsWith("io-");

        server.close();
        assertThat(bound.isOpen()).as("closing the XNIO server closes the adopted channel").isFalse();
    }

    @Test
    void registersAConnectionAcceptedOutsideXnioOnItsIoThreadAndEchoesIt() throws Exception {
        try (ServerSocketChannel bound = ServerSocketChannel.open()) {
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket s = new Socket()) {
                s.connect(bound.getLocalAddress(), 5000);
                s.setSoTimeout(5000);
                SocketChannel accepted = bound.accept();
                accepted.configureBlocking(false);
                XnioIoThread thread = LoomicornXnioBridge.pickThread(worker);
                CompletableFuture<StreamConnection> registered = new CompletableFuture<>();
                thread.execute(() -> {
                    try {
                        StreamConnection c = LoomicornXnioBridge.register(thread, accepted);
                        echo(c);
                        registered.complete(c);
                    } catch (IOException | RuntimeException e) {
                        registered.completeExceptionally(e);
                    }
                });
                assertThat(registered.get(5, TimeUnit.SECONDS).getIoThread()).isSameAs(thread);
                s.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("pong");
            }
        }
    }

    @Test
    void refusesAUnixChannelBecauseXnioCallsSocket(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(path));
            // The fact behind the reactor worker's refusal of unix: binds (peers.md §7.4).
            assertThatThrownBy(() -> LoomicornXnioBridge.adopt(worker, unix, OptionMap.EMPTY))
                    .isInstanceOf(UnsupportedOperationException.class);
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** Copies what the peer sends back to it, then closes when the peer has finished. */
    private static void echo(StreamConnection c) {
        ConduitStreamSourceChannel source = c.getSourceChannel();
        ConduitStreamSinkChannel sink = c.getSinkChannel();
        ByteBuffer buf = ByteBuffer.allocate(1024);
        source.getReadSetter().set(ch -> {
            try {
                int n;
                while ((n = ch.read(buf)) > 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        sink.write(buf); // a few bytes on loopback: the socket takes them at once
                    }
                    buf.clear();
                }
                if (n < 0) {
                    c.close();
                }
            } catch (IOException e) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        });
        source.resumeReads();
    }
}
