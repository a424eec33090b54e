package io.loomicorn.spi;

import java.nio.ByteBuffer;

/**
 * The HTTP/1.1 side of one connection: the engine's connection machine, which owns every
 * rule of the protocol (framing, {@code 100 Continue}, keep-alive and pipelining,
 * discarding an unread body, lingering close, the header, idle and request deadlines, and
 * draining on shutdown). A worker class only pumps bytes into it and acts on the
 * {@link Step} it returns; the machine writes through the connection's {@link Transport}.
 *
 * <p>A blocking worker class runs the whole connection on one thread:
 * <pre>{@code
 * Connection c = engine.open(transport, remote, local, listener);
 * for (Step s = c.start(); s != Step.CLOSE; ) {
 *     s = switch (s) {
 *         case READ -> c.received(channel.read(c.readBuffer()));
 *         case DISPATCH -> { c.dispatch(); yield c.exchangeDone(); }
 *         case PAUSE -> throw new IllegalStateException("not with Bodies.PULL");
 *         case CLOSE -> s;
 *     };
 * }
 * channel.close();
 * }</pre>
 * An event-driven worker class calls {@link #readBuffer()} and {@link #received} when its
 * loop finds the socket readable, and runs {@link #dispatch()} on the loop when
 * {@link #dispatchInline()} allows it, or on another thread, after which it calls
 * {@link #exchangeDone()} back on the loop.
 *
 * <p>Threads: every method but {@link #dispatch()} is called on the connection's own
 * thread (its loop, or its blocking thread), one at a time.
 */
public interface Connection {

    /** What the worker class does next. */
    enum Step {
        /** Read more input and pass it to {@link #received}. */
        READ,
        /**
         * Run the request: call {@link #dispatch()}, then {@link #exchangeDone()} on the
         * connection's thread.
         */
        DISPATCH,
        /** Stop reading until the engine calls {@link Transport#resumeReads()} (event-driven only). */
        PAUSE,
        /** Close the connection once everything written so far has been sent. */
        CLOSE
    }

    /**
     * Returns the first step: {@link Step#READ}, or {@link Step#CLOSE} when the engine
     * refuses the connection (it has then answered it).
     */
    Step start();

    /**
     * Returns the buffer to read the socket into, in write mode (its free space lies
     * between position and limit). Read into it once, then call {@link #received} before
     * anything else; do not keep it.
     */
    ByteBuffer readBuffer();

    /**
     * Takes the bytes just read into {@link #readBuffer()}.
     *
     * @param count how many bytes were read: 0 if none, -1 at the end of the stream
     * @return the next step
     */
    Step received(int count);

    /**
     * Tells whether the request that {@link Step#DISPATCH} announced may run on an event
     * loop: its body is already in memory and the application does not block
     * ({@link io.loomicorn.app.App#isBlocking()}).
     */
    boolean dispatchInline();

    /**
     * Runs the request: hooks, the application, the response's completion, the access
     * log and the count toward {@code max_requests}. Any thread; never throws.
     */
    void dispatch();

    /**
     * Returns the connection's current deadline, on the {@link System#nanoTime()} scale:
     * the end of its idle, header or request time. The engine's watchdog enforces it; an
     * event loop may read it to judge whether a request it runs inline is overdue. Any
     * thread.
     */
    long deadline();

    /**
     * Decides what follows the request that {@link #dispatch()} ran: the next (pipelined)
     * request, more input, or closing.
     *
     * @return the next step
     */
    Step exchangeDone();
}
