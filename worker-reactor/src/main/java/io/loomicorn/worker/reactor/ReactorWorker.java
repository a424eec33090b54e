package io.loomicorn.worker.reactor;

import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.WorkerBase;
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
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
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
 *       {@link LoomicornXnioBridge}; XNIO accepts and hands connections to the I/O
 *       threads. {@code worker_connections} caps the open connections of the process
 *       (XNIO's connection high-water mark): at the cap, accepting pauses and clients wait
 *       in the kernel's backlog, as with {@code vthread}.</li>
 *   <li>Health: each I/O thread runs a tick task at the heartbeat period; the heartbeat
 *       goes on only while every loop ticks or runs a request that is not overdue
 *       ({@link LoopState}).</li>
 *   <li>Deadlines, drain and the grace period are the engine's and {@link WorkerBase}'s.</li>
 * </ul>
 */
final class ReactorWorker extends WorkerBase {

    private final XnioWorker xnio;
    private final ExecutorService tasks;
    private final List<LoopState> loops = new ArrayList<>();
    private final List<AcceptingChannel<StreamConnection>> servers = new ArrayList<>();
    private final List<XnioExecutor.Key> ticks = new ArrayList<>();

    /**
     * Creates the worker of a process: the XNIO worker and the adopted listeners.
     *
     * @param context the worker's context
     * @throws IOException if XNIO cannot start or a listener cannot be adopted
     */
    ReactorWorker(WorkerContext context) throws IOException {
        super(context, EngineOptions.eventLoop());
        int threads = context.settings().value("threads", Integer.class);
        // XNIO's task pool is not used (requests run inline or on their own virtual
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
        for (int i = 0; i < threads; i++) {
            loops.add(new LoopState(xnio.getIoThread(i)));
        }
        try {
            int cap = context.settings().value("worker_connections", Integer.class);
            OptionMap serverOptions = OptionMap.builder()
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CONNECTION_HIGH_WATER, cap)
                    .set(Options.CONNECTION_LOW_WATER, cap)
                    .getMap();
            for (Listener listener : context.listeners()) {
                servers.add(adopt(listener, serverOptions));
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            stopped();
            throw e;
        }
    }

    private AcceptingChannel<StreamConnection> adopt(Listener listener, OptionMap options) throws IOException {
        if (listener.isUnix()) {
            throw new IOException(ReactorWorkerFactory.unixRefusal(listener.address()));
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

    /** Accepts what is queued; on an I/O thread (XNIO's accept listener) or, at the last stop, the main thread. */
    private void acceptAll(AcceptingChannel<StreamConnection> channel, Listener listener) {
        while (true) {
            StreamConnection c;
            try {
                c = channel.accept();
            } catch (IOException e) {
                if (!acceptFailed(e)) {
                    return;
                }
                continue;
            }
            if (c == null) {
                return;
            }
            XnioIoThread thread = c.getIoThread();
            ReactorConnection connection = new ReactorConnection(engine(), c, loops.get(thread.getNumber()), listener);
            if (Thread.currentThread() == thread) {
                connection.start();
            } else {
                thread.execute(connection::start);
            }
        }
    }

    /** Returns the I/O threads' state (tests). */
    List<LoopState> loops() {
        return loops;
    }

    @Override
    protected void startAccepting() {
        long period = beatNanos();
        for (LoopState loop : loops) {
            ticks.add(((XnioIoThread) loop.thread()).executeAtInterval(loop::tick, period, TimeUnit.NANOSECONDS));
        }
        for (AcceptingChannel<StreamConnection> s : servers) {
            s.resumeAccepts();
        }
    }

    @Override
    protected void stopAccepting() {
        for (AcceptingChannel<StreamConnection> s : servers) {
            s.suspendAccepts();
        }
    }

    /**
     * Accepts what the kernel queued, past {@code worker_connections} (this is the last
     * batch, and none of it may be reset), and serves it through XNIO; then closes this
     * process's copies of the listeners.
     */
    @Override
    protected void acceptQueued() {
        for (int i = 0; i < servers.size(); i++) {
            Listener listener = context().listeners().get(i);
            try {
                for (SocketChannel ch; (ch = listener.channel().accept()) != null; ) {
                    StreamConnection c = LoomicornXnioBridge.adoptConnection(xnio, ch);
                    XnioIoThread thread = c.getIoThread();
                    ReactorConnection connection = new ReactorConnection(engine(), c, loops.get(thread.getNumber()), listener);
                    thread.execute(connection::start);
                }
            } catch (IOException e) {
                acceptFailed(e);
            }
            IoUtils.safeClose(servers.get(i));
        }
    }

    @Override
    protected boolean healthy() {
        long now = System.nanoTime();
        long stale = 2 * beatNanos() + TimeUnit.MILLISECONDS.toNanos(100);
        for (LoopState loop : loops) {
            if (!loop.alive(now, stale)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void stopped() {
        for (XnioExecutor.Key k : ticks) {
            k.remove();
        }
        for (AcceptingChannel<StreamConnection> s : servers) {
            IoUtils.safeClose(s);
        }
        xnio.shutdown();
        try {
            if (!xnio.awaitTermination(2, TimeUnit.SECONDS)) {
                xnio.shutdownNow();
            }
        } catch (InterruptedException e) {
            xnio.shutdownNow();
            Thread.currentThread().interrupt();
        }
        tasks.shutdownNow();
    }
}
