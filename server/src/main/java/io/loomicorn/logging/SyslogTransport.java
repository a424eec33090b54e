package io.loomicorn.logging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Sends syslog messages: one datagram per message, or a stream with a line feed after
 * each message (RFC 6587's non-transparent framing, which rsyslog and syslog-ng read).
 *
 * <p>Sending never blocks the caller for long and never throws for a missing receiver:
 * UDP does not care, and the stream transports reconnect at most once a second and drop
 * what they cannot send in between. Log lines must not stop the server.
 */
interface SyslogTransport extends AutoCloseable {

    /** The longest datagram sent; longer messages are cut, as a receiver would cut them. */
    int MAX_DATAGRAM = 65_000;

    /**
     * Sends one message.
     *
     * @param message the encoded message, without framing
     * @throws IOException if it could not be sent
     */
    void send(byte[] message) throws IOException;

    @Override
    void close();

    /**
     * Opens the transport for an address.
     *
     * @param address the parsed {@code syslog_addr}
     * @return the transport
     * @throws IOException if a socket cannot be created
     */
    static SyslogTransport open(SyslogAddress address) throws IOException {
        return switch (address) {
            case SyslogAddress.Udp(String host, int port) -> new Udp(new InetSocketAddress(host, port));
            case SyslogAddress.Tcp(String host, int port) -> new Stream(() -> {
                SocketChannel ch = SocketChannel.open();
                ch.socket().connect(new InetSocketAddress(host, port), 1000);
                return ch;
            });
            case SyslogAddress.Unix(Path path, String type) when "stream".equals(type) -> unixStream(path);
            case SyslogAddress.Unix(Path path, String type) when "dgram".equals(type) -> new UnixDatagram(path);
            case SyslogAddress.Unix(Path path, String type) -> UnixDatagram.isStreamSocket(path) ? unixStream(path) : new UnixDatagram(path);
        };
    }

    private static SyslogTransport unixStream(Path path) {
        return new Stream(() -> SocketChannel.open(UnixDomainSocketAddress.of(path)));
    }

    /** UDP: an unconnected channel, so that an absent receiver causes no errors at all. */
    final class Udp implements SyslogTransport {
        private final DatagramChannel channel;
        private final InetSocketAddress target;

        Udp(InetSocketAddress target) throws IOException {
            this.target = target;
            this.channel = DatagramChannel.open();
        }

        @Override
        public synchronized void send(byte[] message) throws IOException {
            channel.send(ByteBuffer.wrap(message, 0, Math.min(message.length, MAX_DATAGRAM)), target);
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    /** A TCP or Unix stream connection, opened on first use and again after a failure. */
    final class Stream implements SyslogTransport {

        /** Opens a connected channel. */
        @FunctionalInterface
        interface Connector {
            SocketChannel connect() throws IOException;
        }

        private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

        private final Connector connector;
        private SocketChannel channel;
        private long nextAttempt = System.nanoTime();

        Stream(Connector connector) {
            this.connector = connector;
        }

        @Override
        public synchronized void send(byte[] message) throws IOException {
            if (channel == null) {
                long now = System.nanoTime();
                if (now - nextAttempt < 0) {
                    throw new IOException("syslog connection down; retrying shortly");
                }
                nextAttempt = now + RETRY_NANOS;
                channel = connector.connect();
            }
            ByteBuffer framed = ByteBuffer.allocate(message.length + 1).put(message).put((byte) '\n').flip();
            try {
                while (framed.hasRemaining()) {
                    channel.write(framed);
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing
                }
                channel = null;
            }
        }
    }
}
