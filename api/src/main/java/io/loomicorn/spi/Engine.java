package io.loomicorn.spi;

import java.net.SocketAddress;

/**
 * The HTTP engine of one worker process: it turns accepted connections into
 * {@link Connection}s and runs their requests through the application, the hooks and the
 * access log. Get it once from {@link WorkerContext#engine}.
 */
public interface Engine {

    /**
     * Opens the HTTP side of an accepted connection; any thread. Call it on the thread that
     * accepted, before handing the socket to another: from then on the connection counts
     * as open, and a draining worker waits for it, until {@link #closed} (a connection
     * opened only later by a thread that had not started yet could be cut off by the end
     * of the process).
     *
     * @param transport the socket side
     * @param remote    the peer's address
     * @param local     this end's address
     * @param listener  the listener the connection came from
     * @return the connection; call {@link Connection#start()} on the thread that serves it
     */
    Connection open(Transport transport, SocketAddress remote, SocketAddress local, Listener listener);

    /**
     * Tells the engine that a connection it opened is closed, whatever the reason (the
     * machine said {@link Connection.Step#CLOSE}, the peer reset it, the transport failed).
     * Idempotent.
     *
     * @param connection a connection from {@link #open}
     */
    void closed(Connection connection);

    /**
     * Tells whether this worker holds more than its share of the open connections of its
     * master's workers; an accept loop then leaves the next connection to the others for a
     * moment ({@link Acceptor}). Every worker waits on the same listeners and the kernel
     * wakes all of them for each connection: without this, the worker that happens to be on
     * a CPU takes most of a burst (49 of 50 connections opened at once).
     *
     * @return whether to step back; {@code false} when the engine knows no siblings
     */
    default boolean aboveShare() {
        return false;
    }

    /** Returns how many connections are open. */
    int openConnections();

    /**
     * Returns how many requests this engine has answered since it started: a cheap read
     * that a worker class can use to tell a busy worker (the count moves) from a stuck one.
     */
    long completedRequests();

    /**
     * Begins a graceful drain: every later response says {@code Connection: close} and its
     * connection closes after it; an idle keep-alive connection stays open until its
     * client sends one more request (answered, then closed), so that no request in flight
     * toward this worker is lost. {@link WorkerBase} calls it on shutdown.
     */
    void drain();

    /** Closes every connection now, interrupting requests still running; the end of a grace period. */
    void closeAll();
}
