package io.loomicorn.worker.reactor;

import io.loomicorn.spi.Acceptor;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.WorkerBase;
import io.loomicorn.spi.WorkerContext;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.nio.LoomicornXnioBridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The reactor worker of one process: an XNIO worker with {@code threads} I/O threads
 * that serves each connection of the master's inherited listeners as a
 * {@link ReactorConnection} on one I/O thread.
 *
 * <ul>
 *   <li>Listeners: the worker base's {@link Acceptor} accepts, one connection per wakeup
 *       as for {@code vthread}, and each is registered with one of XNIO's I/O threads, on
 *       that thread ({@link LoomicornXnioBridge#register}). (XNIO's own accept loop took
 *       up to 128 connections per wakeup, so one worker of two took 49 of 50 connections
 *       opened at once.)
 *       {@code worker_connections} caps the open connections of the process: at the cap,
 *       accepting pauses and clients wait in the kernel's backlog.</li>
 *   <li>Health: each I/O thread runs a tick task at the heartbeat period; the heartbeat
 *       goes on only while every loop ticks or runs a request that is not overdue
 *       ({@link LoopState}).</li>
 *   <li>Deadlines, drain and the grace period are the engine's and {@link WorkerBase}'s.</li>
 * </ul>
 */
final class ReactorWorker extends WorkerBase {

    /** What a connection accepted past {@code worker_connections} returns when it closes: no slot. */
    private static final Runnable NO_SLOT = () -> { };

    private final XnioWorker xnio;
    private final ExecutorService tasks;
    private final List<LoopState> loops = new ArrayList<>();
    private final Semaphore slots;
    /** Returns a connection's slot when it closes: one object for every connection. */
    private final Runnable releaseSlot;
    private final List<XnioExecutor.Key> ticks = new ArrayList<>();
    private Acceptor acceptor;

    /**
     * Creates the worker of a process: the XNIO worker and its I/O threads.
     *
     * @param context the worker's context
     * @throws IOException if XNIO cannot start or a listener is a Unix socket
     */
    ReactorWorker(WorkerContext context) throws IOException {
        super(context, EngineOptions.eventLoop());
        for (Listener listener : context.listeners()) {
            if (listener.isUnix()) {
                throw new IOException(ReactorWorkerFactory.unixRefusal(listener.address()));
            }
        }
        int threads = context.settings().value("threads", Integer.class);
        this.slots = new Semaphore(context.settings().value("worker_connections", Integer.class));
        this.releaseSlot = slots::release;
        // XNIO's task pool is not used (requests run inline or on their own virtual
        // threads). Handing it a virtual-thread executor keeps XNIO from building its own
        // pool from jboss-threads, whose start-up calls sun.misc.Unsafe (JEP 471 warnings).
        this.tasks = Executors.newVirtualThreadPerTaskExecutor();
        this.xnio = XnioWithoutMBeans.nio(ReactorWorker.class.getClassLoader()).createWorkerBuilder()
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
    }

    /** Serves an accepted connection on an I/O thread; its slot is returned when it closes. */
    private void serve(SocketChannel channel, Listener listener) {
        try {
            start(channel, listener, releaseSlot);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the acceptor closes the channel and returns the slot
        }
    }

    /** Serves a connection accepted at the last stop, past {@code worker_connections}: none may be reset. */
    @Override
    protected void serveQueued(SocketChannel channel, Listener listener) {
        try {
            start(channel, listener, NO_SLOT);
        } catch (IOException e) {
            acceptFailed(e);
            try {
                channel.close();
            } catch (IOException ignored) {
                // the client sees the close
            }
        }
    }

    /**
     * Opens the connection with the engine here, on the accepting thread, and registers and
     * starts it on its I/O thread, which is woken once (see {@link LoomicornXnioBridge#register}).
     */
    private void start(SocketChannel channel, Listener listener, Runnable onClosed) throws IOException {
        XnioIoThread thread = LoomicornXnioBridge.pickThread(xnio);
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ReactorConnection connection = new ReactorConnection(engine(), channel, thread, loops.get(thread.getNumber()),
                listener, onClosed);
        try {
            thread.execute(connection::start);
        } catch (RuntimeException e) {
            connection.abandon(); // XNIO is stopping: the engine forgets the connection
            throw e;
        }
    }

    /** Returns the I/O threads' state (tests). */
    List<LoopState> loops() {
        return loops;
    }

    @Override
    protected void startAccepting() throws IOException {
        long period = beatNanos();
        for (LoopState loop : loops) {
            ticks.add(((XnioIoThread) loop.thread()).executeAtInterval(loop::tick, period, TimeUnit.NANOSECONDS));
        }
        acceptor = Acceptor.start("loomicorn-accept", context().listeners(), slots, this::serve, this::acceptFailed,
                engine()::aboveShare);
    }

    @Override
    protected void stopAccepting() {
        acceptor.stop();
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
