package io.loomicorn.worker.vthread;

import io.loomicorn.app.SettingsView;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.spi.WorkerSetting;

import java.util.ArrayList;
import java.util.List;

/** Makes {@link VThreadWorker}s; selected with {@code -k vthread}. */
public final class VThreadWorkerFactory implements WorkerFactory {

    /** The most carriers the worker lends its scheduler while CPU-bound requests hold them. */
    static final WorkerSetting<Integer> MAX_CARRIERS = WorkerSetting.integer("vthread_max_carriers", 0, 0, 1024,
            "The most carrier threads a vthread worker lends itself while CPU-bound requests hold its own (0 = CPUs).",
            """
            Virtual threads are not time-sliced: a request that computes for a while holds its \
            carrier thread, and with the default of one carrier (`threads`) every other request \
            of the worker waits for it. A vthread worker therefore watches its scheduler: when no \
            carrier has been free for 25 ms and no request has finished meanwhile, it adds one, \
            up to this many, and gives them back after 2 s without such a wait. A cheap request \
            (a health check) then answers within tens of milliseconds while one CPU-bound request \
            runs, and plaintext load, whose requests keep finishing, keeps the cheaper single \
            carrier. `0` means the number of \
            CPUs; a value not above `threads` turns the lending off. It needs \
            `--add-opens java.base/java.lang` on the worker's command line, which the worker \
            class adds.""");

    /** Whether connections wait for their sockets on one poller of the worker's own, not the JDK's. */
    static final WorkerSetting<Boolean> READINESS_POLLER = WorkerSetting.flag("vthread_readiness_poller", true,
            "Whether a vthread worker's connections wait for their sockets on a selector of its own.",
            """
            A blocking read on a virtual thread that finds no bytes re-arms the JDK's one-shot \
            `epoll` registration of the socket and parks, once per request of a kept-alive \
            connection. With this on, a connection that stays open after its first response \
            becomes non-blocking and is registered once with one selector of the worker, polled by \
            a virtual thread; it then waits for each next request before reading it: one read per \
            request and no re-arm (about 10% less CPU per kept-alive plaintext request, measured). \
            A connection that idles there for a quarter of a second gives its virtual thread up, \
            and the selector's thread starts a new one when the next request arrives: an idle \
            connection holds no thread stack (about 1.8 KiB of heap per idle connection instead \
            of 6.9, measured). \
            A connection that serves one request never meets the selector, unless it sends a \
            file: the selector also lets `sendfile` to a slow client park its virtual thread, where \
            the JDK's blocking `sendfile` holds the carrier thread in the kernel. Turn it off to let \
            the JDK's own poller wake every connection.""");

    /**
     * The serial collector gives back at its next full collection the heap that a burst (of
     * connections, of large requests) made it commit: at most 10% of the old generation stays
     * free, and at once, not over four collections, as for {@code reactor}. An idle kept-alive
     * connection holds no thread stack any more (1.8 KiB live), and the heap 10,000 of them
     * made the worker commit was most of their RSS. Alternating runs with and without of
     * {@code benchmarks/run -k vthread --scenarios idle-keepalive} (load 5-15): RSS per idle
     * connection 3.0-3.5 KiB against 6.7-8.8; the 50 active connections' p99 no higher, CPU
     * per request alike. They were taken back once (2d87156), when the idle connections'
     * stack chunks made each full collection slow and that p99 went up.
     */
    static final List<String> HEAP_FLAGS = List.of(
            "-XX:MaxHeapFreeRatio=10", "-XX:MinHeapFreeRatio=5", "-XX:-ShrinkHeapInSteps");

    /** Required public constructor for {@link java.util.ServiceLoader}. */
    public VThreadWorkerFactory() {
    }

    /**
     * Resolves {@link #MAX_CARRIERS}.
     *
     * @param settings the resolved settings
     * @return the most carriers, 0 meaning the CPUs of this JVM
     */
    static int maxCarriers(SettingsView settings) {
        int max = MAX_CARRIERS.get(settings);
        return max == 0 ? Runtime.getRuntime().availableProcessors() : max;
    }

    @Override
    public List<WorkerSetting<?>> settings() {
        return List.of(MAX_CARRIERS, READINESS_POLLER);
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
     * measured about 30% less CPU per request. Then {@link #HEAP_FLAGS}. A {@code -D} or
     * {@code -XX} in {@code worker_jvm_args} wins over these.
     */
    @Override
    public List<String> workerJvmArgs(SettingsView settings) {
        int threads = settings.value("threads", Integer.class);
        List<String> flags = new ArrayList<>(List.of("-Djdk.virtualThreadScheduler.parallelism=" + threads,
                "-Djdk.readPollers=1"));
        flags.addAll(HEAP_FLAGS);
        int max = maxCarriers(settings);
        if (max > threads) {
            flags.add("--add-opens=java.base/java.lang=ALL-UNNAMED"); // for CarrierGovernor
        }
        return flags;
    }

    @Override
    public Worker create(WorkerContext context) {
        return new VThreadWorker(context);
    }
}
