package io.loomicorn.spi;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

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
 *
 * <p>On the poller, a kept-alive connection that idles holds no thread: the engine's watchdog
 * runs the deadline at which an idle connection gives up its buffers ({@link #runExpiry}),
 * which here also ends its thread's wait ({@link ReadinessPoller.Registration#endIdleWait}),
 * and the poller starts a new thread when the socket may be readable or is closed. What the
 * connection needs meanwhile stays in its {@link Connection} (the engine asks to read only
 * when pipelined or decrypted bytes it holds cannot make progress), and the buffer it asked
 * to read into; the thread's stack, its largest cost, is gone. A busy connection keeps its
 * thread: a park and an unpark per request cost less than a new thread. A connection
 * therefore ends on whichever thread finds it closed, and tells its opener then.
 */
public final class BlockingTransport implements Transport {

    private static final System.Logger LOG = System.getLogger("io.loomicorn.worker");

    private final SocketChannel channel;
    private final ReadinessPoller poller;
    private final Engine engine;
    /** Runs once when the connection ended, after the engine was told. */
    private final Runnable ended;
    private Connection connection;
    /** Registered with the poller at the first wait; null before, and always without a poller. */
    private volatile ReadinessPoller.Registration registration;
    /**
     * The buffer the connection asked to read into while its thread waits for a next
     * request, for the thread that resumes it if that wait is ended; written before the
     * wait begins (the poller's slot publishes it).
     */
    private ByteBuffer idleRead;

    private BlockingTransport(SocketChannel channel, ReadinessPoller poller, Engine engine, Runnable ended) {
        this.channel = channel;
        this.poller = poller;
        this.engine = engine;
        this.ended = ended;
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
     * @return serves the connection on the calling thread until it closes (then closes it)
     *         or idles on the poller; never throws
     */
    public static Runnable open(Engine engine, SocketChannel channel, Listener listener, ReadinessPoller poller) {
        return open(engine, channel, listener, poller, () -> { });
    }

    /**
     * Opens an accepted connection as {@link #open(Engine, SocketChannel, Listener)} does,
     * waiting for its socket with {@code poller} (virtual threads only: a wait parks), and
     * tells {@code ended} when the connection is over. With a poller that is not when the
     * returned {@code Runnable} returns: a kept-alive connection leaves its thread while it
     * idles, and a thread of the poller's serves it again (see the class comment).
     *
     * @param engine   the worker's engine
     * @param channel  the accepted channel
     * @param listener the listener it came from
     * @param poller   the worker's poller, or null for a channel in blocking mode
     * @param ended    runs once, on the thread that closed the connection, after
     *                 {@link Engine#closed} (a worker releases its {@code worker_connections} slot)
     * @return serves the connection on the calling thread until it closes (then closes it)
     *         or idles on the poller; never throws
     */
    public static Runnable open(Engine engine, SocketChannel channel, Listener listener, ReadinessPoller poller,
                                Runnable ended) {
        BlockingTransport transport = new BlockingTransport(channel, poller, engine, ended);
        try {
            channel.configureBlocking(true);
            if (!listener.isUnix()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            transport.connection = engine.open(transport, channel.getRemoteAddress(), channel.getLocalAddress(),
                    listener);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not set up a connection: {0}", e.toString());
            transport.close();
            ended.run();
            return () -> { };
        }
        return () -> transport.serve(null);
    }

    /**
     * Serves the connection on this thread until it closes or idles on the poller.
     *
     * @param resumed the buffer to read into first, when the poller resumes an idle
     *                connection; null to start it
     */
    private void serve(ByteBuffer resumed) {
        boolean idles = false;
        try {
            Connection.Step step = resumed == null ? connection.start() : connection.received(read(resumed));
            idles = serveUntilIdle(step);
        } catch (IOException e) {
            // Closed by a deadline or a shutdown, or reset by the peer.
            LOG.log(System.Logger.Level.TRACE, "connection ended: {0}", e.toString());
        } finally {
            if (!idles) {
                close();
                engine.closed(connection);
                ended.run();
            }
        }
    }

    /**
     * Runs the connection's steps from {@code step}.
     *
     * @return true if the connection idles on the poller (its thread may end), false once it closes
     */
    private boolean serveUntilIdle(Connection.Step step) throws IOException {
        boolean answered = false;
        while (step != Connection.Step.CLOSE) {
            switch (step) {
                case READ -> {
                    ByteBuffer dst = connection.readBuffer();
                    if (answered && poller != null && !awaitPolled(dst)) {
                        return true;
                    }
                    answered = false;
                    step = connection.received(read(dst));
                }
                case DISPATCH -> {
                    connection.dispatch();
                    answered = true;
                    step = connection.exchangeDone();
                }
                case PAUSE -> throw new IllegalStateException("a blocking connection never pauses");
                case CLOSE -> { }
            }
        }
        return false;
    }

    /**
     * Kept alive: the client has just been answered, and its next request is rarely here
     * yet. Moves the channel to the poller and waits until it is readable, unless the wait is
     * ended while the connection idles.
     *
     * @param dst the buffer the connection asked to read into
     * @return true to read now; false if the wait was ended: the poller resumes the
     *         connection on a new thread, and this one must end
     */
    private boolean awaitPolled(ByteBuffer dst) throws IOException {
        if (channel.isBlocking()) {
            channel.configureBlocking(false);
        }
        idleRead = dst;
        if (registration().awaitReadableOrEnd()) {
            idleRead = null;
            return true;
        }
        return false; // the connection may already run on another thread
    }

    /** The poller's resumption of an idle connection: reads what woke it, and serves on. */
    private void resume() {
        ByteBuffer dst = idleRead;
        idleRead = null;
        serve(dst);
    }

    /** Moves the channel to the poller if it is not there yet, and waits until it is readable (tests). */
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
                    r = poller.register(channel, this::resume);
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

    /**
     * Runs a deadline's expiry on the watchdog's thread and closes the socket if it says
     * so, as the default does; otherwise the connection lives on, and if its thread waits
     * for a next request (the expiry gave an idle connection's buffers up), that wait ends:
     * a connection idle this long holds no thread.
     */
    @Override
    public void runExpiry(Supplier<Connection.Step> expiry) {
        if (expiry.get() == Connection.Step.CLOSE) {
            close();
            return;
        }
        ReadinessPoller.Registration r = registration;
        if (r != null) {
            r.endIdleWait();
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
