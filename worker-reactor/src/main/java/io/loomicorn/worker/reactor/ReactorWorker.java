package io.loomicorn.worker.reactor;

import io.loomicorn.config.Settings;
import io.loomicorn.engine.ConnectionInfo;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.logging.Logging;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.nio.LoomicornXnioBridge;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The reactor worker of one process: an XNIO worker with {@code threads} I/O threads
 * that accepts from the master's inherited listeners and serves each connection as a
 * {@link ReactorConnection} on one I/O thread.
 *
 * <ul>
 *   <li>Listeners: each inherited TCP {@code ServerSocketChannel} is adopted through
 *       {@link LoomicornXnioBridge}; XNIO's accept thread accepts and hands connections
 *       to the I/O threads. {@code worker_connections} caps the open connections of the
 *       process (XNIO's connection high-water mark): at the cap, accepting pauses and
 *       clients wait in the kernel's backlog, as with {@code vthread}.</li>
 *   <li>Timeouts and heartbeat: {@link ReactorWatchdog}.</li>
 *   <li>Shutdown: closes this process's copies of the listeners (the master keeps the
 *       sockets), makes later responses close their connections, closes idle
 *       connections after 250 ms of quiet, waits for in-flight requests up to the grace
 *       period, then closes the rest and stops XNIO.</li>
 * </ul>
 */
final class ReactorWorker implements Worker {

    private final WorkerContext context;
    private final ReactorEngine engine;
    private final XnioWorker xnio;
    private final ExecutorService tasks;
    private final List<AcceptingChannel<StreamConnection>> servers = new ArrayList<>();
    private final ReactorWatchdog watchdog;
    private final long tickNanos;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long forceCloseAtNanos = Long.MAX_VALUE;

    /**
     * Creates the worker of a process: the XNIO worker and the adopted listeners.
     *
     * @param context the worker's context
     * @throws IOException if XNIO cannot start or a listener cannot be adopted
     */
    ReactorWorker(WorkerContext context) throws IOException {
        this(context, HttpEngine.forWorker(context, true, true), Logging.accessLog());
    }

    /**
     * Creates a worker with a given engine, for tests.
     *
     * @param context   the worker's context
     * @param http      the HTTP engine (settings, dispatcher)
     * @param accessLog the access log for requests that time out before the application runs
     * @throws IOException if XNIO cannot start or a listener cannot be adopted
     */
    ReactorWorker(WorkerContext context, HttpEngine http, AccessLog accessLog) throws IOException {
        this.context = context;
        int threads = context.config().get(Settings.THREADS);
        // XNIO's task pool is not used (applications run inline or on their own virtual
        // threads). Handing it a virtual-thread executor keeps XNIO from building its own
        // pool from jboss-threads, whose start-up calls sun.misc.Unsafe (JEP 471 warnings).
        this.tasks = Executors.newVirtualThreadPerTaskExecutor();
        this.xnio = Xnio.getInstance("nio", ReactorWorker.class.getClassLoader()).createWorkerBuilder()
                .populateFromOptions(OptionMap.builder()
                        .set(Options.WORKER_NAME, "loomicorn-reactor")
                        .set(Options.WORKER_IO_THREADS, threads)
                        .set(Options.THREAD_DAEMON, true)
                        .getMap())
                .setExternalExecutorService(tasks)
                .build();
        List<LoopState> loops = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            loops.add(new LoopState(xnio.getIoThread(i)));
        }
        this.engine = new ReactorEngine(http, accessLog, context::requestCompleted, loops,
                context.app().isBlocking());
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis(context.config().get(Settings.TIMEOUT)));
        this.watchdog = new ReactorWatchdog(engine.connections(), engine.loops(), context::heartbeat, tickNanos);
        try {
            int cap = context.config().get(Settings.WORKER_CONNECTIONS);
            OptionMap serverOptions = OptionMap.builder()
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CONNECTION_HIGH_WATER, cap)
                    .set(Options.CONNECTION_LOW_WATER, cap)
                    .getMap();
            for (Listener listener : context.listeners()) {
                servers.add(adopt(listener, serverOptions));
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            for (AcceptingChannel<StreamConnection> s : servers) {
                IoUtils.safeClose(s);
            }
            xnio.shutdownNow();
            tasks.shutdownNow();
            throw e;
        }
    }

    /** The heartbeat cadence of {@code vthread}: half the timeout, between 100 ms and 1 s. */
    static long tickMillis(long timeoutSeconds) {
        return timeoutSeconds <= 0 ? 1000 : Math.max(100, Math.min(1000, TimeUnit.SECONDS.toMillis(timeoutSeconds) / 2));
    }

    private AcceptingChannel<StreamConnection> adopt(Listener listener, OptionMap options) throws IOException {
        if (listener.isUnix()) {
            throw new IOException("the reactor worker cannot serve " + listener.display()
                    + " (XNIO has no Unix-socket transport); use -k vthread");
        }
        AcceptingChannel<StreamConnection> server;
        try {
            server = LoomicornXnioBridge.adopt(xnio, listener.channel(), options);
        } catch (LinkageError e) {
            throw new IOException("the reactor's XNIO bridge does not match this xnio-nio ("
                    + org.xnio.Version.getVersionString() + "); Loomicorn needs the version pinned in its build: " + e, e);
        }
        server.getAcceptSetter().set(ch -> acceptAll(ch, listener));
        return server;
    }

    /** XNIO's accept listener: runs on the I/O thread that owns the new connections. */
    private void acceptAll(AcceptingChannel<StreamConnection> channel, Listener listener) {
        while (true) {
            StreamConnection c;
            try {
                c = channel.accept();
            } catch (IOException e) {
                return; // closed by shutdown
            }
            if (c == null) {
                return;
            }
            try {
                ConnectionInfo info = new ConnectionInfo(c.getPeerAddress(), c.getLocalAddress(), listener.address());
                new ReactorConnection(engine, c, info).start();
            } catch (RuntimeException e) {
                ServerLog.ERROR.debug("Could not set up a connection: {}", e.toString());
                IoUtils.safeClose(c);
            }
        }
    }

    /** Returns the number of open connections. */
    int openConnections() {
        return engine.connections().size();
    }

    /** Returns what the connections share (for tests). */
    ReactorEngine engine() {
        return engine;
    }

    @Override
    public void run() throws InterruptedException {
        watchdog.start();
        List<XnioExecutor.Key> ticks = new ArrayList<>();
        for (LoopState loop : engine.loops()) {
            XnioIoThread thread = (XnioIoThread) loop.thread();
            ticks.add(thread.executeAtInterval(loop::tick, tickNanos, TimeUnit.NANOSECONDS));
        }
        if (!stopping) {
            for (AcceptingChannel<StreamConnection> s : servers) {
                s.resumeAccepts();
            }
        }
        stopped.await();
        // Drain: wait for connections to finish, then close what is left at the deadline.
        while (openConnections() > 0) {
            if (System.nanoTime() - forceCloseAtNanos > 0) {
                closeAll();
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (openConnections() > 0 && System.nanoTime() - giveUp < 0) {
                    Thread.sleep(10);
                }
                break;
            }
            Thread.sleep(20);
        }
        for (XnioExecutor.Key k : ticks) {
            k.remove();
        }
        watchdog.stop();
        xnio.shutdown();
        if (!xnio.awaitTermination(2, TimeUnit.SECONDS)) {
            xnio.shutdownNow();
        }
        tasks.shutdownNow();
    }

    @Override
    public void shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        if (deadline - forceCloseAtNanos < 0) {
            forceCloseAtNanos = deadline;
        }
        if (stopping) {
            if (grace.isZero()) {
                closeAll();
            }
            return;
        }
        stopping = true;
        for (AcceptingChannel<StreamConnection> s : servers) {
            // This process's copy only; the master and the other workers keep the socket.
            IoUtils.safeClose(s);
        }
        engine.http().drain();
        for (ReactorConnection c : engine.connections()) {
            c.postDrain();
        }
        if (grace.isZero()) {
            closeAll();
        }
        stopped.countDown();
    }

    private void closeAll() {
        for (ReactorConnection c : engine.connections()) {
            c.forceClose();
        }
    }
}
