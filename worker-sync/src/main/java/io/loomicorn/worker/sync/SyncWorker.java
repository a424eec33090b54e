package io.loomicorn.worker.sync;

import io.loomicorn.engine.BlockingConnection;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Serves one connection at a time on the main thread, accepting from every listener.
 *
 * <p>The accept loop waits on a selector over all listeners with a timeout of half the
 * heartbeat period, beating on every wake-up, and serves each accepted connection to
 * the end before it beats again. So a request that runs longer than {@code timeout}
 * silences the heartbeat and the master replaces the worker: {@code timeout} is a
 * request timeout here, as in gunicorn. Every response carries {@code Connection: close}.
 */
final class SyncWorker implements Worker {

    private final WorkerContext context;
    private final HttpEngine engine;
    private final Selector selector;
    private volatile boolean stopping;

    SyncWorker(WorkerContext context) {
        this.context = context;
        this.engine = HttpEngine.forWorker(context, false, false);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector", e);
        }
    }

    @Override
    public void run() throws IOException {
        for (Listener l : context.listeners()) {
            l.channel().configureBlocking(false);
            l.channel().register(selector, SelectionKey.OP_ACCEPT, l);
        }
        engine.start();
        long wait = beatPeriodMillis();
        try {
            while (!stopping) {
                context.heartbeat();
                selector.select(wait);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext() && !stopping) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    serve((ServerSocketChannel) key.channel(), (Listener) key.attachment());
                    context.heartbeat();
                }
            }
        } finally {
            selector.close();
            for (Listener l : context.listeners()) {
                l.channel().close();
            }
            engine.stop();
        }
    }

    private void serve(ServerSocketChannel server, Listener listener) {
        SocketChannel channel;
        try {
            channel = server.accept(); // null when another worker won the race
        } catch (IOException e) {
            ServerLog.ERROR.debug("accept failed: {}", e.toString());
            return;
        }
        if (channel == null) {
            return;
        }
        try {
            BlockingConnection connection = engine.open(channel, listener);
            connection.run();
        } catch (IOException e) {
            ServerLog.ERROR.debug("Could not set up a connection: {}", e.toString());
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private long beatPeriodMillis() {
        long timeout = context.config().get(io.loomicorn.config.Settings.TIMEOUT);
        return timeout <= 0 ? 1000 : Math.max(100, Math.min(1000, TimeUnit.SECONDS.toMillis(timeout) / 2));
    }

    @Override
    public void shutdown(Duration grace) {
        stopping = true;
        engine.drain();
        selector.wakeup();
        if (grace.isZero()) {
            engine.closeAll();
        } else {
            Thread.ofPlatform().daemon().name("loomicorn-grace").start(() -> {
                try {
                    Thread.sleep(grace.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                engine.closeAll();
            });
        }
    }
}
