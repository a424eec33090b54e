package io.loomicorn.engine;

import io.loomicorn.http.codec.DateCache;
import io.loomicorn.logging.Logging;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.http.codec.ResponseHeadEncoder;
import io.loomicorn.spi.Listener;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP engine of one worker process: settings, head encoder, dispatcher and
 * watchdog, shared by the process's connections, and the drain state that turns
 * persistent connections into closing ones.
 */
public final class HttpEngine {

    private final EngineSettings settings;
    private final Dispatcher dispatcher;
    private final boolean persistentConnections;
    private final ResponseHeadEncoder encoder;
    private final ConnectionWatchdog watchdog = new ConnectionWatchdog();
    private final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();
    private final long headerTimeoutNanos;
    private final long keepAliveNanos;
    private volatile boolean draining;

    /**
     * Creates the engine.
     *
     * @param settings              the engine settings
     * @param dispatcher            runs the application
     * @param persistentConnections whether the worker class keeps connections alive
     *                              ({@code false} for {@code sync}, which closes after
     *                              every response as gunicorn's sync worker does)
     */
    public HttpEngine(EngineSettings settings, Dispatcher dispatcher, boolean persistentConnections) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.persistentConnections = persistentConnections;
        this.encoder = new ResponseHeadEncoder(settings.serverHeader(), new DateCache());
        this.headerTimeoutNanos = settings.headerTimeout().toNanos();
        this.keepAliveNanos = settings.keepAlive().toNanos();
    }

    /**
     * Creates the engine of a worker process from its context: settings, the application,
     * hooks, the access log and request accounting.
     *
     * @param context               the worker's context
     * @param persistentConnections whether the worker class keeps connections alive
     * @param enforceRequestTimeout whether the engine enforces {@code timeout} per request
     * @return the engine, not started
     */
    public static HttpEngine forWorker(WorkerContext context, boolean persistentConnections,
                                       boolean enforceRequestTimeout) {
        Dispatcher dispatcher = new Dispatcher(context.app(), context.hooks(), context.info(),
                Logging.accessLog(), context::requestCompleted);
        return new HttpEngine(EngineSettings.from(context.config(), enforceRequestTimeout), dispatcher,
                persistentConnections);
    }

    /** Starts the watchdog thread. */
    public void start() {
        watchdog.start();
    }

    /** Stops the watchdog thread. */
    public void stop() {
        watchdog.stop();
    }

    /** Returns the settings. */
    public EngineSettings settings() {
        return settings;
    }

    /** Returns the head encoder. */
    public ResponseHeadEncoder encoder() {
        return encoder;
    }

    /** Returns the dispatcher. */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Prepares an accepted connection to be served by a blocking thread.
     *
     * @param channel  the accepted channel
     * @param listener the listener it came from
     * @return the connection; run it on the thread that serves it
     * @throws IOException if the channel cannot be configured
     */
    public BlockingConnection open(SocketChannel channel, Listener listener) throws IOException {
        channel.configureBlocking(true);
        if (!listener.isUnix()) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        ConnectionInfo info = connectionInfo(channel.getRemoteAddress(), channel.getLocalAddress(), listener.address());
        return new BlockingConnection(channel, info, this);
    }

    /**
     * Describes an accepted connection: its addresses, and its proxy state under this
     * worker's proxy settings (whether its peer is trusted, and the PROXY header it may
     * start with).
     *
     * @param remote   the socket's peer
     * @param local    this end of the connection
     * @param listener the address of the listener it came from
     * @return the description, for the connection's driver
     */
    public ConnectionInfo connectionInfo(SocketAddress remote, SocketAddress local, SocketAddress listener) {
        return new ConnectionInfo(remote, local, listener, settings.proxy().connect(remote));
    }

    /** Tells whether a response may leave its connection open right now. */
    public boolean mayKeepAlive() {
        return persistentConnections && !draining && !settings.keepAlive().isZero();
    }

    /**
     * How long a draining worker keeps an idle keep-alive connection open ({@code keepalive}
     * when that is shorter). Closing at once would lose the request of a client that is
     * sending its next one at that moment; a client of a steady load is rarely quiet this
     * long, even on a machine busy booting the next generation (250 ms was not enough on 2 cores).
     */
    public static final long DRAIN_IDLE_NANOS = 1_000_000_000L;

    /** Returns {@code header_timeout} in nanoseconds: how long a request head may take to arrive. */
    public long headerTimeoutNanos() {
        return headerTimeoutNanos;
    }

    /**
     * Returns how long a connection may wait for the next request to start: a new connection
     * {@code header_timeout}, a kept-alive one {@code keepalive}, and no more than
     * {@link #DRAIN_IDLE_NANOS} once the worker drains.
     *
     * @param firstRequest whether the connection has not carried a request yet
     */
    public long idleNanos(boolean firstRequest) {
        if (firstRequest) {
            return headerTimeoutNanos;
        }
        return draining ? Math.min(keepAliveNanos, DRAIN_IDLE_NANOS) : keepAliveNanos;
    }

    /** Tells whether {@link #drain()} was called. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Begins a graceful drain: later responses close their connections, and idle
     * connections close after a short quiet period.
     */
    public void drain() {
        draining = true;
        for (BlockingConnection c : connections) {
            c.onDrain();
        }
    }

    /** Closes every connection now. */
    public void closeAll() {
        for (BlockingConnection c : connections) {
            c.abort();
        }
    }

    /** Returns the number of open connections. */
    public int openConnections() {
        return connections.size();
    }

    void register(BlockingConnection c) {
        connections.add(c);
        watchdog.add(c);
        if (draining) {
            c.onDrain();
        }
    }

    void unregister(BlockingConnection c) {
        watchdog.remove(c);
        connections.remove(c);
    }
}
