package io.loomicorn.worker;

import io.loomicorn.app.AppMetrics;
import io.loomicorn.logging.ServerLog;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A worker's answer to the master's scrape of its application's metrics: on a Unix
 * socket in the master's private directory, each connection gets the text of the source
 * the application gave {@link AppMetrics#expose} (nothing when it gave none), then end of
 * stream. A failing source answers a line that is not Prometheus text, so that the master
 * counts it as invalid; the worker logs the failure.
 */
final class AppMetricsEndpoint implements AutoCloseable {

    private final ServerSocketChannel channel;
    private final Path path;
    private volatile boolean closed;

    private AppMetricsEndpoint(ServerSocketChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
        Thread.ofVirtual().name("loomicorn-app-metrics").start(this::accept);
    }

    /**
     * Binds the socket and starts answering.
     *
     * @param path where, as the master said in the handshake
     * @return the endpoint
     * @throws IOException if the socket cannot be bound
     */
    static AppMetricsEndpoint start(Path path) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path), 8);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new AppMetricsEndpoint(ch, path);
    }

    private void accept() {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = channel.accept();
            } catch (IOException e) {
                if (!closed) {
                    ServerLog.ERROR.debug("Application metrics: accept failed: {}", e.toString());
                }
                return;
            }
            Thread.ofVirtual().name("loomicorn-app-metrics-answer").start(() -> answer(connection));
        }
    }

    private static void answer(SocketChannel connection) {
        try (connection) {
            ByteBuffer text = ByteBuffer.wrap(text().getBytes(StandardCharsets.UTF_8));
            while (text.hasRemaining()) {
                connection.write(text);
            }
        } catch (IOException e) {
            // the master gave up on this scrape (its timeout) or is gone
        }
    }

    private static String text() {
        Supplier<? extends CharSequence> source = AppMetrics.exposed();
        if (source == null) {
            return "";
        }
        try {
            CharSequence text = source.get();
            return text == null ? "" : text.toString();
        } catch (RuntimeException | LinkageError e) {
            ServerLog.ERROR.error("The application's metrics source failed", e);
            return "!the application's metrics source failed: " + e + "\n";
        }
    }

    /** Stops answering and removes the socket. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            ServerLog.ERROR.debug("Could not remove {}: {}", path, e.getMessage());
        }
    }
}
