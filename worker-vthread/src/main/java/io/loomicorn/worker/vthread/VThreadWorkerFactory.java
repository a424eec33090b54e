package io.loomicorn.worker.vthread;

import io.loomicorn.config.Settings;
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

    /**
     * Creates the worker. Before any virtual thread exists, it sizes the JDK's scheduler:
     * {@code threads} carrier threads (default 1) and one read poller. Processes give the
     * parallelism, as in gevent, where each worker process has one hub; with one carrier,
     * a request's wake-up never has to signal another carrier thread, which measured about
     * 30% less CPU per request (see the issue notes). A {@code -D} in
     * {@code worker_jvm_args} wins over these defaults.
     */
    @Override
    public Worker create(WorkerContext context) {
        int threads = context.config().get(Settings.THREADS);
        setIfAbsent("jdk.virtualThreadScheduler.parallelism", Integer.toString(threads));
        setIfAbsent("jdk.readPollers", "1");
        return new VThreadWorker(context);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
