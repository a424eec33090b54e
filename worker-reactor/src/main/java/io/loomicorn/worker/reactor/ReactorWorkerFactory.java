package io.loomicorn.worker.reactor;

import io.loomicorn.app.SettingsView;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Worker;
import io.loomicorn.spi.WorkerContext;
import io.loomicorn.spi.WorkerFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;

/**
 * Makes {@link ReactorWorker}s; selected with {@code -k reactor}.
 *
 * <p>The reactor serves TCP listeners only: XNIO's NIO provider has no Unix-socket
 * transport (it calls {@code socket()} on every channel, which Unix channels do not
 * support), so {@link #validate} refuses a {@code unix:} bind before any worker starts
 * and points to {@code -k vthread}, which serves Unix sockets.
 */
public final class ReactorWorkerFactory implements WorkerFactory {

    /**
     * The serial collector gives back at its next full collection the heap that a burst (of
     * connections, of large requests) made it commit: at most 10% of the old generation stays
     * free, and not over four collections (ShrinkHeapInSteps) but at once. A reactor
     * connection's objects are as small as Undertow's (2.0 KiB live per idle connection), and
     * the heap 10,000 of them made the worker commit was what their RSS was. They act only at
     * full collections, which plaintext load never makes. Four alternating runs of
     * {@code benchmarks/run -k reactor --scenarios idle-keepalive} on a quiet machine: RSS per
     * idle connection 6.3-7.5 KiB without them, 2.5-5.0 with; the 50 active connections' p99
     * 4.10-4.18 ms against 4.07-4.20, CPU per request 7.1-8.0 against 6.8-7.2 µs. Not for
     * {@code vthread}: its active requests' p99 beside idle connections went up with them.
     */
    static final List<String> HEAP_FLAGS = List.of(
            "-XX:MaxHeapFreeRatio=10", "-XX:MinHeapFreeRatio=5", "-XX:-ShrinkHeapInSteps");

    /** Required public constructor for {@link java.util.ServiceLoader}. */
    public ReactorWorkerFactory() {
    }

    @Override
    public String name() {
        return "reactor";
    }

    @Override
    public String description() {
        return "an XNIO event loop per I/O thread (threads), for fast non-blocking handlers; TCP only";
    }

    @Override
    public List<String> workerJvmArgs(SettingsView settings) {
        return HEAP_FLAGS;
    }

    @Override
    public void validate(List<SocketAddress> listeners, SettingsView settings) {
        for (SocketAddress address : listeners) {
            if (address instanceof UnixDomainSocketAddress) {
                throw new IllegalArgumentException("Error: " + unixRefusal(address));
            }
        }
    }

    /** The one line that refuses a Unix-socket bind. */
    static String unixRefusal(SocketAddress address) {
        return "the reactor worker cannot serve " + Listener.describe(address)
                + " (XNIO has no Unix-socket transport); use -k vthread";
    }

    @Override
    public Worker create(WorkerContext context) throws IOException {
        return new ReactorWorker(context);
    }
}
