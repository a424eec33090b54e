package io.loomicorn.worker.sync;

import io.loomicorn.spi.BlockingTransport;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.WorkerBase;
import io.loomicorn.spi.WorkerContext;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Serves one connection at a time, with one request per connection, on a single serving
 * thread that waits on a selector over every listener.
 *
 * <p>The engine runs in gunicorn's sync model ({@link EngineOptions#oneRequestPerConnection()}):
 * every response says {@code Connection: close}, and the heartbeat stops while a request
 * runs, so a request longer than {@code timeout} gets this worker replaced, as in
 * gunicorn; the engine answers it with 503 just before that.
 */
final class SyncWorker extends WorkerBase {

    private final Selector selector;
    private Thread serving;

    SyncWorker(WorkerContext context) throws IOException {
        super(context, EngineOptions.oneRequestPerConnection());
        this.selector = Selector.open();
    }

    @Override
    protected void startAccepting() throws IOException {
        for (Listener l : context().listeners()) {
            l.channel().configureBlocking(false);
            l.channel().register(selector, SelectionKey.OP_ACCEPT, l);
        }
        serving = Thread.ofPlatform().name("loomicorn-sync").start(this::serve);
    }

    private void serve() {
        long wait = TimeUnit.NANOSECONDS.toMillis(beatNanos());
        try {
            while (!isStopping()) {
                selector.select(wait);
                for (var keys = selector.selectedKeys().iterator(); keys.hasNext() && !isStopping(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    acceptOne((ServerSocketChannel) key.channel(), (Listener) key.attachment());
                }
            }
        } catch (IOException e) {
            acceptFailed(e);
        }
    }

    private void acceptOne(ServerSocketChannel server, Listener listener) {
        SocketChannel channel;
        try {
            channel = server.accept(); // null when another worker won the race
        } catch (IOException e) {
            acceptFailed(e);
            return;
        }
        if (channel != null) {
            BlockingTransport.serve(engine(), channel, listener);
        }
    }

    @Override
    protected void stopAccepting() {
        selector.wakeup();
        try {
            serving.join();
            selector.close();
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void serveQueued(SocketChannel channel, Listener listener) {
        BlockingTransport.serve(engine(), channel, listener);
    }
}
