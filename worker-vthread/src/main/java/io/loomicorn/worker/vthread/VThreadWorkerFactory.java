package io.loomicorn.worker.vthread;

import io.loomicorn.app.SettingsView;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.spi.WorkerFactory;

import java.util.List;

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
     * Sizes the JDK's virtual-thread scheduler on the worker's command line, so that it
     * holds before any virtual thread exists, even one the application starts while it
     * loads: {@code threads} carrier threads (default 1) and one read poller. Processes
     * give the parallelism, as in gevent, where each worker process has one hub; with one
     * carrier a request's wake-up never has to signal another carrier thread, which
     * measured about 30% less CPU per request. A {@code -D} in {@code worker_jvm_args}
     * wins over these.
     */
    @Override
    public List<String> workerJvmArgs(SettingsView settings) {
        int threads = settings.value("threads", Integer.class);
        return List.of("-Djdk.virtualThreadScheduler.parallelism=" + threads, "-Djdk.readPollers=1");
    }

    @Override
    public Worker create(WorkerContext context) {
        return new VThreadWorker(context);
    }
}
