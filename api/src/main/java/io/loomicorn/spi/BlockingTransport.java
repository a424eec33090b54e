package io.loomicorn.spi;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * A {@link Transport} that blocks its thread, and the loop that serves one connection on
 * one thread: the whole I/O side of a blocking worker class. On a virtual thread a
 * blocking read parks the thread instead of holding a carrier.
 *
 * <p>Two ways to block: the channel in blocking mode (the JDK parks a virtual thread on
 * its own one-shot poller), or, with a {@link ReadinessPoller}, the channel in
 * non-blocking mode and the thread waiting on the poller when a read or write returns 0.
 * A connection starts in blocking mode and moves to the poller once its first response
 * is sent and it stays open: from then on it waits for each next request <em>before</em>
 * it reads, so the usual request costs one read and no {@code epoll_ctl}. A connection
 * that serves one request (or fails its TLS handshake) never meets the poller, whose
 * registration and release would cost it more than they save, unless it sends a file:
 * {@code sendfile} on a channel in blocking mode would hold the carrier in the kernel
 * while the client reads slowly.
 */
public final class BlockingTransport implements Transport {

    private static final System.Logger LOG = System.getLogger("io.loomicorn.worker");

    private final SocketChannel channel;
    private final ReadinessPoller poller;
    /** Registered with the poller at the first wait; null before, and always without a poller. */
    private volatile ReadinessPoller.Registration registration;

    private BlockingTransport(SocketChannel channel, ReadinessPoller poller) {
        this.channel = channel;
        this.poller = poller;
    }

    /**
     * Serves an accepted connection on the calling thread until it closes, then closes the
     * channel. Never throws: a failing connection is logged at debug level and closed.
     *
     * @param engine   the worker's engine
     * @param channel  the accepted channel
     * @param listener the listener it came from
     */
    public static void serve(Engine engine, SocketChannel channel, Listener listener) {
        Runnable connection = open(engine, channel, listener);
        connection.run();
    }

    /**
     * Opens an accepted connection with the engine, on the accepting thread, and returns
     * what serves it: run that on the thread of your choice (a new virtual thread, a pool).
     * Opening first matters at shutdown: a draining worker waits for every connection the
     * engine knows, including one whose thread has not started yet.
     *
     * @param engine   the worker's engine
     * @param channel  the accepted channel
     * @param listener the listener it came from
     * @return serves the connection to its end on the calling thread, then closes it; never throws
     */
    public static Runnable open(Engine engine, SocketChannel channel, Listener listener) {
        return open(engine, channel, listener, null);
    }

    /**
     * Opens an accepted connection as {@link #open(Engine, SocketChannel, Listener)} does,
     * waiting for its socket with {@code poller} (virtual threads only: a wait parks).
     *
     * @param engine   the worker's engine
     * @param channel  the accepted channel
     * @param listener the listener it came from
     * @param poller   the worker's poller, or null for a channel in blocking mode
     * @return serves the connection to its end on the calling thread, then closes it; never throws
     */
    public static Runnable open(Engine engine, SocketChannel channel, Listener listener, ReadinessPoller poller) {
        BlockingTransport transport = new BlockingTransport(channel, poller);
        Connection connection;
        try {
            channel.configureBlocking(true);
            if (!listener.isUnix()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            connection = engine.open(transport, channel.getRemoteAddress(), channel.getLocalAddress(), listener);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not set up a connection: {0}", e.toString());
            transport.close();
            return () -> { };
        }
        return () -> transport.serve(engine, connection);
    }

    private void serve(Engine engine, Connection connection) {
        try {
            boolean answered = false;
            for (Connection.Step step = connection.start(); step != Connection.Step.CLOSE; ) {
                step = switch (step) {
                    case READ -> {
                        if (answered && poller != null) {
                            // Kept alive: the client has just been answered, and its next
                            // request is rarely here yet.
                            awaitPolled();
                        }
                        answered = false;
                        yield connection.received(read(connection.readBuffer()));
                    }
                    case DISPATCH -> {
                        connection.dispatch();
                        answered = true;
                        yield connection.exchangeDone();
                    }
                    case PAUSE -> throw new IllegalStateException("a blocking connection never pauses");
                    case CLOSE -> step;
                };
            }
        } catch (IOException e) {
            // Closed by a deadline or a shutdown, or reset by the peer.
            LOG.log(System.Logger.Level.TRACE, "connection ended: {0}", e.toString());
        } finally {
            close();
            engine.closed(connection);
        }
    }

    /** Moves the channel to the poller if it is not there yet, and waits until it is readable. */
    void awaitPolled() throws IOException {
        if (channel.isBlocking()) {
            channel.configureBlocking(false);
        }
        registration().awaitReadable();
    }

    /** The channel's registration, made at its first wait (by the connection's thread or the watchdog). */
    private ReadinessPoller.Registration registration() throws IOException {
        ReadinessPoller.Registration r = registration;
        if (r == null) {
            synchronized (this) {
                r = registration;
                if (r == null) {
                    r = poller.register(channel);
                    registration = r;
                }
            }
        }
        return r;
    }

    /**
     * As a channel in blocking mode does, fails the call of an interrupted thread and closes
     * the channel (the engine's request timeout interrupts the request's thread).
     */
    private void failIfInterrupted() throws IOException {
        if (poller != null && Thread.currentThread().isInterrupted()) {
            close();
            throw new ClosedByInterruptException();
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        failIfInterrupted();
        for (;;) {
            int n = channel.read(dst);
            if (n != 0 || poller == null || !dst.hasRemaining()) {
                return n;
            }
            registration().awaitReadable();
        }
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        failIfInterrupted();
        if (buffers.length == 1) {
            ByteBuffer b = buffers[0];
            while (b.hasRemaining()) {
                if (channel.write(b) == 0 && poller != null) {
                    registration().awaitWritable();
                }
            }
            return;
        }
        for (int first = 0; first < buffers.length; ) {
            if (!buffers[first].hasRemaining()) {
                first++;
                continue;
            }
            if (channel.write(buffers, first, buffers.length - first) == 0 && poller != null) {
                registration().awaitWritable();
            }
        }
    }

    @Override
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        failIfInterrupted();
        if (poller != null && channel.isBlocking()) {
            // On a channel in blocking mode, sendfile to a client that reads slowly blocks in
            // the kernel and holds the carrier: every other connection of the worker waits.
            channel.configureBlocking(false);
        }
        long end = position + count;
        while (position < end) {
            long n = file.transferTo(position, end - position, channel);
            if (n <= 0) {
                if (file.size() < end) {
                    throw new IOException("the file shrank while it was sent");
                }
                if (poller != null) {
                    registration().awaitWritable();
                }
            }
            position += n;
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
        ReadinessPoller.Registration r = registration;
        if (r != null) {
            r.closed();
        }
    }
}
