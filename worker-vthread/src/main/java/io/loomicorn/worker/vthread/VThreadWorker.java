package io.loomicorn.worker.vthread;

import io.loomicorn.spi.Acceptor;
import io.loomicorn.spi.BlockingTransport;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.ReadinessPoller;
import io.loomicorn.spi.WorkerBase;
import io.loomicorn.spi.WorkerContext;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Serves each connection on its own virtual thread.
 *
 * <ul>
 *   <li>One {@link Acceptor}, on a virtual thread, over every listener takes a slot of the
 *       {@code worker_connections} semaphore <em>before</em> it accepts. At the cap it
 *       waits, and new clients wait in the kernel's backlog, as under gevent: nothing is
 *       refused or reset.</li>
 *   <li>Blocking reads and writes on a virtual thread park it and free its carrier, so
 *       thousands of mostly idle connections cost little. The threads wait on one
 *       {@link ReadinessPoller} of the worker ({@code vthread_readiness_poller}), which
 *       spares a kept-alive connection the JDK poller's re-arm and a vain read per request.
 *       A kept-alive connection that idles (a quarter of a second, when the engine trims
 *       its buffers) gives its thread up, and the poller starts a new one when the next
 *       request arrives: an idle connection costs no stack, a busy one keeps its thread.
 *       It keeps its {@code worker_connections} slot until it closes, on whichever
 *       thread.</li>
 *   <li>CPU-bound requests: {@link CarrierGovernor} lends the scheduler carriers while
 *       they hold its own, so that cheap requests are not stuck behind them.</li>
 *   <li>Health: a virtual thread ticks every heartbeat period; if every carrier is stuck
 *       in CPU work it stops ticking, the heartbeat stops, and the master replaces the
 *       worker. Per-request {@code timeout} is the engine's (it answers 503 and interrupts
 *       the request's thread; gevent cannot, gunicorn #2695).</li>
 * </ul>
 */
final class VThreadWorker extends WorkerBase {

    private final Semaphore slots;
    /** Gives a closed connection's slot back. */
    private final Runnable releaseSlot;
    private final ThreadFactory connectionThreads = Thread.ofVirtual().name("loomicorn-conn").factory();
    private Acceptor acceptor;
    private volatile long lastTick = System.nanoTime();
    private Thread ticker;
    private CarrierGovernor governor;
    private ReadinessPoller poller;

    VThreadWorker(WorkerContext context) {
        super(context, EngineOptions.blocking());
        this.slots = new Semaphore(context.settings().value("worker_connections", Integer.class));
        this.releaseSlot = slots::release;
    }

    @Override
    protected void startAccepting() throws IOException {
        governor = CarrierGovernor.start(context().settings().value("threads", Integer.class),
                VThreadWorkerFactory.maxCarriers(context().settings()), engine()::completedRequests,
                engine()::openConnections);
        if (VThreadWorkerFactory.READINESS_POLLER.get(context().settings())) {
            poller = ReadinessPoller.start("loomicorn-poller", connectionThreads);
        }
        ticker = Thread.ofVirtual().name("loomicorn-tick").start(this::tick);
        acceptor = Acceptor.startVirtual("loomicorn-accept", context().listeners(), slots, this::serve,
                this::acceptFailed, engine()::aboveShare);
    }

    /** Opens the connection on the accept thread and serves it on a virtual thread; it returns its slot when it closes. */
    private void serve(SocketChannel channel, Listener listener) {
        connectionThreads.newThread(BlockingTransport.open(engine(), channel, listener, poller, releaseSlot)).start();
    }

    /** Returns how many connections the worker may still accept (tests). */
    int freeSlots() {
        return slots.availablePermits();
    }

    /** The accept loop ends; a connection waiting for a slot stays queued for {@link #acceptQueued()}. */
    @Override
    protected void stopAccepting() {
        acceptor.stop();
    }

    @Override
    protected void serveQueued(SocketChannel channel, Listener listener) {
        connectionThreads.newThread(BlockingTransport.open(engine(), channel, listener, poller)).start();
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            lastTick = System.nanoTime();
            LockSupport.parkNanos(beatNanos());
        }
    }

    @Override
    protected boolean healthy() {
        return System.nanoTime() - lastTick < 2 * beatNanos() + 100_000_000L
                && (poller == null || poller.isPolling());
    }

    @Override
    protected void stopped() {
        if (ticker != null) {
            ticker.interrupt();
        }
        if (governor != null) {
            governor.stop();
        }
        if (poller != null) {
            poller.stop();
        }
    }
}
