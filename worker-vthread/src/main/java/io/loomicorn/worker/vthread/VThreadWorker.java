package io.loomicorn.worker.vthread;

import io.loomicorn.spi.BlockingTransport;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.WorkerBase;
import io.loomicorn.spi.WorkerContext;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Serves each connection on its own virtual thread.
 *
 * <ul>
 *   <li>One accept loop per listener, each on a virtual thread, takes a slot of the
 *       {@code worker_connections} semaphore <em>before</em> it accepts. At the cap the
 *       loops wait, and new clients wait in the kernel's backlog, as under gevent:
 *       nothing is refused or reset.</li>
 *   <li>Blocking reads and writes on a virtual thread park it and free its carrier, so
 *       thousands of mostly idle connections cost little.</li>
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
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile long lastTick = System.nanoTime();
    private Thread ticker;
    private CarrierGovernor governor;

    VThreadWorker(WorkerContext context) {
        super(context, EngineOptions.blocking());
        this.slots = new Semaphore(context.settings().value("worker_connections", Integer.class));
    }

    @Override
    protected void startAccepting() {
        governor = CarrierGovernor.start(context().settings().value("threads", Integer.class),
                VThreadWorkerFactory.maxCarriers(context().settings()));
        ticker = Thread.ofVirtual().name("loomicorn-tick").start(this::tick);
        for (Listener listener : context().listeners()) {
            acceptors.add(Thread.ofVirtual().name("loomicorn-accept-" + listener.display()).start(() -> accept(listener)));
        }
    }

    private void accept(Listener listener) {
        while (!isStopping()) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            SocketChannel channel;
            try {
                channel = listener.channel().accept();
            } catch (IOException e) {
                slots.release();
                if (!acceptFailed(e)) {
                    return;
                }
                continue;
            }
            Runnable connection = BlockingTransport.open(engine(), channel, listener);
            Thread.ofVirtual().name("loomicorn-conn").start(() -> {
                try {
                    connection.run();
                } finally {
                    slots.release();
                }
            });
            // Let the new connection start before taking the next one, so that a burst of
            // connections is shared with the other workers instead of all landing here.
            Thread.yield();
        }
    }

    /**
     * Ends the accept loops: a loop waiting for a slot just returns (its listener keeps the
     * connections queued for {@link #acceptQueued()}); a loop blocked in {@code accept},
     * whose queue is empty, is interrupted, which closes this process's copy of its listener.
     */
    @Override
    protected void stopAccepting() {
        for (Thread t : acceptors) {
            t.interrupt();
        }
        for (Thread t : acceptors) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    protected void serveQueued(SocketChannel channel, Listener listener) {
        Thread.ofVirtual().name("loomicorn-conn").start(BlockingTransport.open(engine(), channel, listener));
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            lastTick = System.nanoTime();
            LockSupport.parkNanos(beatNanos());
        }
    }

    @Override
    protected boolean healthy() {
        return System.nanoTime() - lastTick < 2 * beatNanos() + 100_000_000L;
    }

    @Override
    protected void stopped() {
        if (ticker != null) {
            ticker.interrupt();
        }
        if (governor != null) {
            governor.stop();
        }
    }
}
