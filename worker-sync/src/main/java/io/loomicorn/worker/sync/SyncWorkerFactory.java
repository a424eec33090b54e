package io.loomicorn.worker.sync;

import io.loomicorn.app.SettingsView;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.spi.WorkerFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;

/** Makes {@link SyncWorker}s; selected with {@code -k sync} (the default). */
public final class SyncWorkerFactory implements WorkerFactory {

    /** Required public constructor for {@link java.util.ServiceLoader}. */
    public SyncWorkerFactory() {
    }

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String description() {
        return "one request at a time per process, Connection: close after each (gunicorn's sync)";
    }

    /** gunicorn switches to its threaded worker when {@code threads > 1}; Loomicorn says which class does that. */
    @Override
    public void validate(List<SocketAddress> listeners, SettingsView settings) {
        int threads = settings.value("threads", Integer.class);
        if (threads > 1) {
            throw new IllegalArgumentException("Error: the sync worker serves one request at a time, so threads = "
                    + threads + " has no effect; use -k vthread for concurrent requests in each worker");
        }
    }

    @Override
    public Worker create(WorkerContext context) throws IOException {
        return new SyncWorker(context);
    }
}
