package io.loomicorn.engine;

import io.loomicorn.app.App;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.http.codec.DateCache;
import io.loomicorn.http.codec.ResponseHeadEncoder;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.spi.Connection;
import io.loomicorn.spi.Engine;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Transport;
import io.loomicorn.tls.ServerTls;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The HTTP engine of one worker process: what its connections share (settings, head
 * encoder, dispatcher, the deadline watchdog), the drain state that turns persistent
 * connections into closing ones, and the request budget of {@code max_requests}.
 */
public final class HttpEngine implements Engine {

    /** What the engine needs from its worker process. */
    public interface WorkerLink {

        /** Tells the master the worker is alive (ungated: the engine decides when). */
        void beat();

        /**
         * Asks the master for a replacement of this worker.
         *
         * @param reason one line for the error log
         */
        void retire(String reason);

        /** Returns where the engine counts requests, connections and errors for the master's metrics. */
        default RequestMetrics metrics() {
            return RequestMetrics.NONE;
        }
    }

    /** Spare input buffers kept for reuse: 2 MiB at 8 KiB; more are left to the collector. */
    private static final int SPARE_INPUT_BUFFERS = 256;
    /** Spare direct buffers for large bodies: 4 MiB at 256 KiB, lent only while such a body is written. */
    private static final int SPARE_BODY_BUFFERS = 16;

    private final EngineSettings settings;
    private final EngineOptions options;
    private final Map<SocketAddress, ServerTls> tls;
    private final Dispatcher dispatcher;
    private final WorkerLink worker;
    private final RequestMetrics metrics;
    private final ResponseHeadEncoder encoder;
    private final BufferPool inputBuffers;
    private final BufferPool bodyBuffers = new BufferPool(ServerResponse.GATHER_BYTES, SPARE_BODY_BUFFERS,
            ByteBuffer::allocateDirect);
    /** The open connections, which the watchdog scans too. */
    private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
    private final ConnectionWatchdog watchdog = new ConnectionWatchdog(connections);
    private final long headerTimeoutNanos;
    private final long keepAliveNanos;
    private final long requestTimeoutNanos;
    private final long maxRequests;
    private final boolean blockingApp;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong timedOut = new AtomicLong();
    private volatile boolean draining;
    private volatile ConnectionShare share = ConnectionShare.none();
    private volatile boolean budgetUsedUp;
    private LongSupplier clock = System::nanoTime;

    /**
     * What the engine serves: the application, the hooks around it, the worker it runs in
     * (whose {@code maxRequests} is the request budget) and the access log.
     *
     * @param app       the application
     * @param hooks     the user's hooks
     * @param worker    this worker, as hooks see it
     * @param accessLog the access log
     */
    public record Served(App app, Hooks hooks, WorkerInfo worker, AccessLog accessLog) {
    }

    /**
     * Creates the engine; {@link #start()} starts its watchdog.
     *
     * @param settings the engine settings
     * @param options  how the worker class drives connections
     * @param served   the application and what surrounds it
     * @param worker   the heartbeat and the line to the master
     */
    public HttpEngine(EngineSettings settings, EngineOptions options, Served served, WorkerLink worker) {
        this(settings, options, served, worker, Map.of());
    }

    /**
     * Creates the engine of a worker with TLS listeners; {@link #start()} starts its watchdog.
     *
     * @param settings the engine settings
     * @param options  how the worker class drives connections
     * @param served   the application and what surrounds it
     * @param worker   the heartbeat and the line to the master
     * @param tls      the TLS setup of each TLS listener, by its address; connections of the
     *                 other listeners are plain
     */
    public HttpEngine(EngineSettings settings, EngineOptions options, Served served, WorkerLink worker,
                      Map<SocketAddress, ServerTls> tls) {
        this.tls = Map.copyOf(tls);
        this.settings = settings;
        this.options = options;
        this.metrics = worker.metrics();
        this.dispatcher = new Dispatcher(served.app(), served.hooks(), served.worker(), served.accessLog(),
                this::requestCompleted, metrics);
        this.worker = worker;
        this.maxRequests = served.worker().maxRequests();
        this.encoder = new ResponseHeadEncoder(settings.serverHeader(), new DateCache());
        this.inputBuffers = new BufferPool(settings.bufferSize(), SPARE_INPUT_BUFFERS, ByteBuffer::allocate);
        this.headerTimeoutNanos = settings.headerTimeout().toNanos();
        this.keepAliveNanos = settings.keepAlive().toNanos();
        this.requestTimeoutNanos = requestTimeout(settings.requestTimeout().toNanos(), options.requestTimeout());
        this.blockingApp = dispatcher.app().isBlocking();
    }

    /**
     * The engine's own deadline for a request. With {@code RequestTimeout.HEARTBEAT} the
     * master replaces the worker {@code timeout} after the request started; the engine
     * answers a second earlier (half the timeout at most), while the connection is open.
     */
    private static long requestTimeout(long timeout, EngineOptions.RequestTimeout mode) {
        if (timeout <= 0 || mode == EngineOptions.RequestTimeout.ENGINE) {
            return timeout;
        }
        return Math.max(timeout / 2, timeout - TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Replaces the clock the connections read their deadlines from (tests drive time by
     * hand); {@link System#nanoTime()} otherwise.
     *
     * @param clock a source of nanoseconds on the {@code System.nanoTime()} scale
     */
    void useClock(LongSupplier clock) {
        this.clock = clock;
    }

    /** Returns the time on the connections' clock. */
    long nanoTime() {
        return clock.getAsLong();
    }

    /** Starts the watchdog thread. */
    public void start() {
        watchdog.start();
    }

    /** Stops the watchdog thread. */
    public void stop() {
        watchdog.stop();
    }

    @Override
    public Connection open(Transport transport, SocketAddress remote, SocketAddress local, Listener listener) {
        // The proxy state: whether the peer is trusted, and the PROXY header it may send.
        ConnectionInfo info = new ConnectionInfo(remote, local, listener.address(), settings.proxy().connect(remote));
        Http1Connection c = new Http1Connection(this, transport, info, tls.get(listener.address()));
        connections.add(c);
        metrics.connectionOpened();
        publishShare();
        return c;
    }

    @Override
    public void closed(Connection connection) {
        if (connection instanceof Http1Connection c) {
            c.abort();
            if (connections.remove(c)) {
                metrics.connectionClosed();
                publishShare();
            }
        }
    }

    /**
     * Shares this worker's count of open connections with the other workers of its master
     * (set once, before the worker accepts).
     *
     * @param share the master's shared memory, or {@link ConnectionShare#none()}
     */
    public void shareConnections(ConnectionShare share) {
        this.share = share;
        publishShare();
    }

    /** A draining worker no longer accepts; its replacement may already write the slot. */
    private void publishShare() {
        if (!draining) {
            share.update(connections.size());
        }
    }

    @Override
    public boolean aboveShare() {
        return share.aboveShare(connections.size());
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    @Override
    public void drain() {
        draining = true;
        share.withdraw();
        for (Http1Connection c : connections) {
            c.onDrain();
        }
    }

    @Override
    public void closeAll() {
        for (Http1Connection c : connections) {
            c.abort();
        }
    }

    /** Tells whether {@link #drain()} was called. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Tells whether the worker's heartbeat may go on: always, except under
     * {@code RequestTimeout.HEARTBEAT} while a request runs.
     */
    public boolean allowsHeartbeat() {
        return options.requestTimeout() == EngineOptions.RequestTimeout.ENGINE || running.get() == 0;
    }

    /** Returns the number of requests that ran past their timeout. */
    public long timedOutRequests() {
        return timedOut.get();
    }

    /** Returns the number of requests running now. */
    public int activeRequests() {
        return running.get();
    }

    /** Returns the transports of the open connections, for tests and diagnostics. */
    public java.util.List<Transport> transports() {
        return connections.stream().map(Http1Connection::transport).toList();
    }

    @Override
    public long completedRequests() {
        return completed.get();
    }

    /** Counts the connections that wait for their client's next request (a sample, for metrics). */
    public int idleKeepAliveConnections() {
        int idle = 0;
        for (Http1Connection c : connections) {
            if (c.idleBetweenRequests()) {
                idle++;
            }
        }
        return idle;
    }

    // ------------------------------------------------------------------ for the connections

    EngineSettings settings() {
        return settings;
    }

    BufferPool inputBuffers() {
        return inputBuffers;
    }

    BufferPool bodyBuffers() {
        return bodyBuffers;
    }

    ResponseHeadEncoder encoder() {
        return encoder;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    RequestMetrics metrics() {
        return metrics;
    }

    boolean pullsBodies() {
        return options.bodies() == EngineOptions.Bodies.PULL;
    }

    boolean blockingApp() {
        return blockingApp;
    }

    long headerTimeoutNanos() {
        return headerTimeoutNanos;
    }

    long keepAliveNanos() {
        return keepAliveNanos;
    }

    /** Returns the engine's per-request deadline in nanoseconds, or 0 for none. */
    long requestTimeoutNanos() {
        return requestTimeoutNanos;
    }

    long requestTimeoutSeconds() {
        return settings.requestTimeout().toSeconds();
    }

    /**
     * How long queued output may wait for a client that reads nothing: the request
     * timeout, or {@code header_timeout} when there is none.
     */
    long stallNanos() {
        return requestTimeoutNanos > 0 ? requestTimeoutNanos : headerTimeoutNanos;
    }

    /** Tells whether a committed response's writes restart its request's timeout. */
    boolean progressRestartsTimeout() {
        return requestTimeoutNanos > 0 && options.requestTimeout() == EngineOptions.RequestTimeout.ENGINE;
    }

    /** Tells whether a response may leave its connection open right now. */
    boolean mayKeepAlive() {
        return options.persistence() == EngineOptions.Persistence.KEEP_ALIVE && !draining && !budgetUsedUp
                && keepAliveNanos > 0;
    }

    void exchangeStarted() {
        metrics.exchangeStarted();
        if (running.getAndIncrement() == 0 && options.requestTimeout() == EngineOptions.RequestTimeout.HEARTBEAT) {
            worker.beat();
        }
        spendBudget();
    }

    /**
     * Counts a request that starts toward {@code max_requests}. The one that uses the
     * budget up already says {@code Connection: close}: this worker will be replaced, and
     * its clients move to the others.
     */
    void spendBudget() {
        if (maxRequests > 0 && started.incrementAndGet() >= maxRequests && !budgetUsedUp) {
            budgetUsedUp = true;
            worker.retire("Autorestarting worker after current request.");
        }
    }

    void exchangeEnded() {
        if (running.decrementAndGet() == 0 && options.requestTimeout() == EngineOptions.RequestTimeout.HEARTBEAT) {
            worker.beat();
        }
        metrics.exchangeEnded();
    }

    void requestTimedOut() {
        timedOut.incrementAndGet();
        metrics.timedOut();
        if (options.requestTimeout() == EngineOptions.RequestTimeout.HEARTBEAT) {
            worker.retire("a request ran past its timeout");
        }
    }

    /** Counts a finished request; the dispatcher calls it once per request. */
    void requestCompleted() {
        completed.incrementAndGet();
    }
}
