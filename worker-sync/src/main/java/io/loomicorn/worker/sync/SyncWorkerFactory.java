package io.loomicorn.worker.sync;

import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.spi.WorkerFactory;

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

    @Override
    public Worker create(WorkerContext context) {
        return new SyncWorker(context);
    }
}
