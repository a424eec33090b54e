package io.loomicorn.worker.sync;

import io.loomicorn.spi.Acceptor;
import io.loomicorn.spi.BlockingTransport;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.WorkerBase;
import io.loomicorn.spi.WorkerContext;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Serves one connection at a time, with one request per connection, on the thread of an
 * {@link Acceptor} that waits on every listener.
 *
 * <p>The engine runs in gunicorn's sync model ({@link EngineOptions#oneRequestPerConnection()}):
 * every response says {@code Connection: close}, and the heartbeat stops while a request
 * runs, so a request longer than {@code timeout} gets this worker replaced, as in
 * gunicorn; the engine answers it with 503 just before that.
 */
final class SyncWorker extends WorkerBase {

    private Acceptor acceptor;

    SyncWorker(WorkerContext context) {
        super(context, EngineOptions.oneRequestPerConnection());
    }

    @Override
    protected void startAccepting() throws IOException {
        acceptor = Acceptor.start("loomicorn-sync", context().listeners(), null, this::serve, this::acceptFailed);
    }

    private void serve(SocketChannel channel, Listener listener) {
        BlockingTransport.serve(engine(), channel, listener);
    }

    /** Returns once the connection being served, if any, is done. */
    @Override
    protected void stopAccepting() {
        acceptor.stop();
    }

    @Override
    protected void serveQueued(SocketChannel channel, Listener listener) {
        serve(channel, listener);
    }
}
