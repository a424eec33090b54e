package io.loomicorn.worker.vthread;

import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.spi.WorkerFactory;

/** Makes {@link VThreadWorker}s; selected with {@code -k vthread}. */
public final class VThreadWorkerFactory implements WorkerFactory {

    /** Required public constructor for {@link java.util.ServiceLoader}. */
    public VThreadWorkerFactory() {
    }

    @Override
    public String name() {
        return "vthread";
    }

    @Override
    public String description() {
        return "a virtual thread per connection, keep-alive, worker_connections, per-request timeout (gevent's twin)";
    }

    @Override
    public Worker create(WorkerContext context) {
        return new VThreadWorker(context);
    }
}
