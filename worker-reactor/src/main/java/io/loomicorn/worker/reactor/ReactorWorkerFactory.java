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
