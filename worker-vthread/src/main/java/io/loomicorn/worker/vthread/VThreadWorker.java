package io.loomicorn.worker.vthread;

import io.loomicorn.config.Settings;
import io.loomicorn.engine.BlockingConnection;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
 *   <li>The heartbeat comes from a virtual thread too: if every carrier is stuck in CPU
 *       work, it stops, and the master replaces the worker. Per-request {@code timeout}
 *       is enforced by the engine's watchdog, which closes the connection and interrupts
 *       the request's thread (gevent cannot do this; gunicorn #2695).</li>
 *   <li>Shutdown closes this process's copies of the listeners, answers busy keep-alive
 *       connections with {@code Connection: close}, closes idle ones, waits for in-flight
 *       requests up to the grace period, then closes the rest.</li>
 * </ul>
 */
final class VThreadWorker implements Worker {

    private final WorkerContext context;
    private final HttpEngine engine;
    private final Semaphore slots;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile boolean stopping;
    private volatile long forceCloseAtNanos = Long.MAX_VALUE;

    VThreadWorker(WorkerContext context) {
        this.context = context;
        this.engine = HttpEngine.forWorker(context, true, true);
        this.slots = new Semaphore(context.config().get(Settings.WORKER_CONNECTIONS));
    }

    @Override
    public void run() throws InterruptedException {
        engine.start();
        Thread beat = Thread.ofVirtual().name("loomicorn-heartbeat").start(this::beat);
        for (Listener listener : context.listeners()) {
            acceptors.add(Thread.ofVirtual().name("loomicorn-accept-" + listener.display()).start(() -> accept(listener)));
        }
        stopped.await();
        // Drain: wait for connections to finish, then close what is left at the deadline.
        while (engine.openConnections() > 0) {
            if (System.nanoTime() - forceCloseAtNanos > 0) {
                engine.closeAll();
                break;
            }
            Thread.sleep(20);
        }
        for (Thread t : acceptors) {
            t.join(1000);
        }
        beat.interrupt();
        engine.stop();
    }

    private void accept(Listener listener) {
        while (!stopping) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            SocketChannel channel;
            try {
                channel = listener.channel().accept();
            } catch (ClosedChannelException e) {
                slots.release();
                return; // shutdown closed the listener
            } catch (IOException e) {
                slots.release();
                ServerLog.ERROR.debug("accept failed: {}", e.toString());
                continue;
            }
            try {
                BlockingConnection connection = engine.open(channel, listener);
                Thread.ofVirtual().name("loomicorn-conn").start(() -> {
                    try {
                        connection.run();
                    } finally {
                        slots.release();
                    }
                });
                // Let the new connection start before taking the next one, so that a burst
                // of connections is shared with the other workers instead of all landing here.
                Thread.yield();
            } catch (IOException | RuntimeException e) {
                slots.release();
                ServerLog.ERROR.debug("Could not set up a connection: {}", e.toString());
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private void beat() {
        long timeout = context.config().get(Settings.TIMEOUT);
        long period = timeout <= 0 ? 1000 : Math.max(100, Math.min(1000, TimeUnit.SECONDS.toMillis(timeout) / 2));
        while (true) {
            context.heartbeat();
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        if (deadline - forceCloseAtNanos < 0) {
            forceCloseAtNanos = deadline;
        }
        if (stopping) {
            return;
        }
        stopping = true;
        for (Listener l : context.listeners()) {
            try {
                l.channel().close(); // this process's copy only; other workers keep accepting
            } catch (IOException e) {
                ServerLog.ERROR.debug("closing a listener failed: {}", e.toString());
            }
        }
        engine.drain();
        if (grace.isZero()) {
            engine.closeAll();
        }
        stopped.countDown();
    }
}
