package io.loomicorn.spi;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * A {@link Transport} over a blocking {@link SocketChannel}, and the loop that serves one
 * connection on one thread: the whole I/O side of a blocking worker class. On a virtual
 * thread a blocking read parks the thread instead of holding a carrier.
 */
public final class BlockingTransport implements Transport {

    private static final System.Logger LOG = System.getLogger("io.loomicorn.worker");

    private final SocketChannel channel;

    private BlockingTransport(SocketChannel channel) {
        this.channel = channel;
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
        BlockingTransport transport = new BlockingTransport(channel);
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
            for (Connection.Step step = connection.start(); step != Connection.Step.CLOSE; ) {
                step = switch (step) {
                    case READ -> connection.received(channel.read(connection.readBuffer()));
                    case DISPATCH -> {
                        connection.dispatch();
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

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        if (buffers.length == 1) {
            ByteBuffer b = buffers[0];
            while (b.hasRemaining()) {
                channel.write(b);
            }
            return;
        }
        for (int first = 0; first < buffers.length; ) {
            if (!buffers[first].hasRemaining()) {
                first++;
                continue;
            }
            channel.write(buffers, first, buffers.length - first);
        }
    }

    @Override
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        long end = position + count;
        while (position < end) {
            long n = file.transferTo(position, end - position, channel);
            if (n <= 0 && file.size() < end) {
                throw new IOException("the file shrank while it was sent");
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
    }
}
