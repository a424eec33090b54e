package io.loomicorn.worker.reactor;

import io.loomicorn.spi.Connection;
import io.loomicorn.spi.Connection.Step;
import io.loomicorn.spi.Engine;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Transport;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.nio.LoomicornXnioBridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One connection on an XNIO I/O thread: the event-loop pump over the engine's connection
 * machine, which owns every HTTP rule. The pump reads when XNIO says the socket is
 * readable, hands the bytes to the machine, and acts on its {@link Step}: runs a request
 * inline (its body is in memory and the application does not block) or on a virtual
 * thread, stops reading while a response waits in the output queue (back-pressure), and
 * closes once the queue is flushed.
 *
 * <p>Threads: everything runs on the connection's I/O thread, except a request that runs
 * off the loop (its virtual thread), and the engine's watchdog, whose expiries are posted
 * to the loop ({@link #runExpiry}). Writes go through {@link ConduitResponseChannel},
 * which is safe from any thread.
 *
 * <p>The connection is XNIO's listener for both of its events, readable and closed (two
 * objects less per connection than two lambdas): {@link #handleEvent} tells them apart by
 * the channel.
 */
final class ReactorConnection implements Transport, ChannelListener<Channel> {

    private static final System.Logger LOG = System.getLogger("io.loomicorn.worker.reactor");

    private final Engine engine;
    private final SocketChannel channel;
    private final XnioIoThread ioThread;
    private final LoopState loop;
    private final Connection machine;
    /** XNIO's connection, once {@link #start()} registered the channel; null before. */
    private volatile StreamConnection connection;
    // Set by start(), on the I/O thread, before the connection is published.
    private ConduitStreamSourceChannel source;
    private ConduitStreamSinkChannel sink;
    private ConduitResponseChannel out;
    /** Runs once when the connection closes: returns its {@code worker_connections} slot. */
    private Runnable onClosed;
    /** Whether the socket may hold more input: the last read filled the buffer. */
    private boolean mayHaveInput = true;
    private boolean closing;

    /**
     * Opens the connection with the engine, on the accepting thread: from here on a
     * draining worker waits for it, even before {@link #start()} runs on its I/O thread.
     *
     * @param engine   the worker's engine
     * @param channel  the accepted channel, in non-blocking mode
     * @param ioThread the I/O thread that will serve it
     * @param loop     the state of that I/O thread
     * @param listener the listener it came from
     * @param onClosed runs once when the connection closes
     * @throws IOException if the channel is already closed
     */
    ReactorConnection(Engine engine, SocketChannel channel, XnioIoThread ioThread, LoopState loop, Listener listener,
                      Runnable onClosed) throws IOException {
        this.engine = engine;
        this.channel = channel;
        this.ioThread = ioThread;
        this.loop = loop;
        this.onClosed = onClosed;
        this.machine = engine.open(this, channel.getRemoteAddress(), channel.getLocalAddress(), listener);
    }

    /**
     * Registers the channel with XNIO and starts serving; called on the connection's I/O
     * thread, so that registering wakes no selector.
     */
    void start() {
        StreamConnection c;
        try {
            c = LoomicornXnioBridge.register(ioThread, channel);
        } catch (IOException e) {
            // Closed before it was registered: a stopping worker or a deadline.
            IoUtils.safeClose(channel);
            onClosed();
            return;
        }
        source = c.getSourceChannel();
        sink = c.getSinkChannel();
        out = new ConduitResponseChannel(sink, this, loop.staging());
        c.setCloseListener(this);
        connection = c;
        if (!channel.isOpen()) {
            close(); // closed by another thread before the connection was published
            return;
        }
        source.getReadSetter().set(this);
        act(machine.start());
    }

    /** Forgets a connection that never started: its I/O thread refused the task (XNIO stops). */
    void abandon() {
        onClosed = null;
        engine.closed(machine);
    }

    /** Returns the response channel (tests of back-pressure). */
    ConduitResponseChannel responseChannel() {
        return out;
    }

    /** Returns the engine's side of the connection (tests). */
    Connection machine() {
        return machine;
    }

    /** XNIO's listener: the source channel is readable, or the connection closed; I/O thread. */
    @Override
    public void handleEvent(Channel channel) {
        if (channel == source) {
            onReadable();
        } else {
            onClosed();
        }
    }

    private void onReadable() {
        mayHaveInput = true;
        act(Step.READ);
    }

    /** Acts on the machine's steps until it waits for something; I/O thread. */
    private void act(Step first) {
        Step step = first;
        try {
            while (step != null) {
                step = switch (step) {
                    case READ -> read();
                    case DISPATCH -> dispatch();
                    case PAUSE -> {
                        source.suspendReads();
                        yield null;
                    }
                    case CLOSE -> {
                        closeAfterFlush();
                        yield null;
                    }
                };
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Reads once if the socket may hold input; else waits for the selector. */
    private Step read() throws IOException {
        if (closing) {
            return null;
        }
        if (out.hasQueued()) {
            // Back-pressure: nothing more is read until the responses reach the socket.
            source.suspendReads();
            out.whenDrained(() -> {
                source.resumeReads();
                onReadable();
            });
            return null;
        }
        if (!mayHaveInput) {
            // The last read did not fill the buffer: the socket is most likely empty, and the
            // level-triggered selector calls again when it is not. This saves a read that
            // would return 0 after every request.
            source.resumeReads();
            return null;
        }
        ByteBuffer buffer = machine.readBuffer();
        int n = source.read(buffer);
        mayHaveInput = n > 0 && !buffer.hasRemaining();
        Step next = machine.received(n);
        if (n == 0 && next == Step.READ) {
            source.resumeReads();
            return null;
        }
        return next;
    }

    /** Runs the request inline, or on a virtual thread that posts its end back to the loop. */
    private Step dispatch() {
        if (machine.dispatchInline()) {
            loop.enterApp(machine);
            try {
                machine.dispatch();
            } finally {
                loop.leaveApp();
            }
            return machine.exchangeDone();
        }
        source.resumeReads(); // a streamed body arrives meanwhile
        Thread.ofVirtual().name("loomicorn-reactor-request").start(() -> {
            machine.dispatch();
            post(() -> {
                mayHaveInput = true;
                act(machine.exchangeDone());
            });
        });
        return null;
    }

    private void closeAfterFlush() {
        if (closing) {
            return;
        }
        closing = true;
        source.suspendReads();
        out.whenDrained(this::close);
    }

    /** Closes the connection now; any thread. */
    @Override
    public void close() {
        StreamConnection c = connection;
        IoUtils.safeClose(c != null ? c : channel);
    }

    /** XNIO's close listener; idempotent. */
    private void onClosed() {
        closing = true;
        if (out != null) {
            out.close();
        }
        engine.closed(machine);
        Runnable then = onClosed;
        onClosed = null;
        if (then != null) {
            then.run();
        }
    }

    private void fail(Throwable t) {
        if (t instanceof IOException) {
            LOG.log(System.Logger.Level.DEBUG, "Connection from {0} failed: {1}", peer(), t.toString());
        } else {
            LOG.log(System.Logger.Level.ERROR, "Connection from " + peer() + " failed", t);
        }
        close();
    }

    private Object peer() {
        StreamConnection c = connection;
        return c != null ? c.getPeerAddress() : channel.socket().getRemoteSocketAddress();
    }

    private void post(Runnable task) {
        try {
            ioThread.execute(task);
        } catch (RejectedExecutionException e) {
            close(); // the worker is stopping; the connection closes with it
        }
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        out.write(buffers);
    }

    @Override
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        out.transferFrom(file, position, count);
    }

    @Override
    public void shutdownOutput() {
        out.whenDrained(() -> {
            try {
                sink.shutdownWrites();
                if (!sink.flush()) {
                    sink.resumeWrites();
                }
            } catch (IOException e) {
                close();
            }
        });
    }

    /**
     * Posts the expiry to the loop. An inline request may have held the loop while this
     * connection's next request waited in the socket: read what arrived first, so that the
     * connection is judged by what the client did, not by what the loop could not see.
     */
    @Override
    public void runExpiry(Supplier<Step> expiry) {
        post(() -> {
            if (!closing && source.isReadResumed()) {
                mayHaveInput = true;
                act(Step.READ);
            }
            Step step = expiry.get();
            if (step != null) {
                act(step);
            }
        });
    }

    @Override
    public long queuedOutputProgress() {
        ConduitResponseChannel o = connection != null ? out : null;
        return o != null && o.hasQueued() ? o.flushedBytes() : -1;
    }

    /** Reads again, now: the engine may hold input the selector does not know of (decrypted TLS records). */
    @Override
    public void resumeReads() {
        post(() -> {
            if (!closing) {
                source.resumeReads();
                onReadable();
            }
        });
    }
}
