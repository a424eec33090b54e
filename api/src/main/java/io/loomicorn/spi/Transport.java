package io.loomicorn.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The socket side of one connection, as a worker class gives it to the engine: the few
 * I/O primitives the engine's {@link Connection} uses. The engine never touches a socket
 * itself; everything it sends or receives goes through this port.
 *
 * <p>Two kinds of worker class implement it:
 * <ul>
 *   <li><b>blocking</b> ({@link EngineOptions.Bodies#PULL}): {@link #read} blocks, and the
 *       engine reads request bodies through it on the thread that runs the application;</li>
 *   <li><b>event-driven</b> ({@link EngineOptions.Bodies#BUFFER_THEN_STREAM}): the worker
 *       class reads on its own event loop and hands the bytes to
 *       {@link Connection#received}; {@link #read} is never called, and the default
 *       methods at the end of this interface let the engine wake the loop.</li>
 * </ul>
 *
 * <p>Threads: {@link #write} and {@link #transferFrom} may be called from the thread that
 * runs the application or from the engine's watchdog (a timeout answer), never
 * concurrently for one connection; {@link #close} from any thread.
 */
public interface Transport {

    /**
     * Reads bytes into {@code dst}, blocking until at least one byte arrived (blocking
     * transports only).
     *
     * @param dst the buffer, in write mode
     * @return the number of bytes read, or -1 at the end of the stream
     * @throws IOException if reading fails, or the connection was closed
     */
    default int read(ByteBuffer dst) throws IOException {
        throw new UnsupportedOperationException("an event-driven transport delivers input with Connection.received");
    }

    /**
     * Writes every remaining byte of the buffers, in order, before returning: directly, or
     * by queueing them, as long as the queue stays bounded (a writer that would exceed the
     * bound waits: back-pressure toward slow readers). The buffers are the caller's again
     * when the call returns: a transport that queues bytes queues a copy (an application may
     * change the buffer it gave {@code Response.send(ByteBuffer)} as soon as that returns).
     *
     * @param buffers the bytes; consumed by the call
     * @throws IOException if the connection fails or was closed
     */
    void write(ByteBuffer... buffers) throws IOException;

    /**
     * Writes {@code count} bytes of a file from {@code position}, through the kernel
     * ({@code sendfile}) where the transport allows it.
     *
     * @param file     an open file
     * @param position the first byte
     * @param count    how many bytes
     * @throws IOException if the file or the connection fails
     */
    void transferFrom(FileChannel file, long position, long count) throws IOException;

    /**
     * Half-closes the connection once every byte written so far has been sent: the peer
     * reads the end of the stream while this side can still read (lingering close).
     *
     * @throws IOException if the connection fails
     */
    void shutdownOutput() throws IOException;

    /**
     * Closes the connection now, dropping anything not yet sent; wakes a thread blocked in
     * {@link #read} or {@link #write}. Any thread; idempotent.
     */
    void close();

    /**
     * Runs {@code expiry} when one of the connection's deadlines passed, and acts on the
     * step it returns (null: nothing to do). By default it runs at once, on the engine's
     * watchdog thread, and {@link Connection.Step#CLOSE} closes the socket, which wakes the
     * thread blocked on it. An event-driven transport runs it on the connection's loop
     * instead, after reading any input that arrived while the loop was busy (so that a
     * connection is never judged idle while its next request waits in the socket), and
     * acts on the step as on any other.
     *
     * @param expiry the engine's handling of the deadline
     */
    default void runExpiry(java.util.function.Supplier<Connection.Step> expiry) {
        if (expiry.get() == Connection.Step.CLOSE) {
            close();
        }
    }

    /**
     * Tells an event-driven transport's output progress: -1 when nothing waits for the
     * socket, else how many queued bytes reached it so far. A deadline that passes while
     * this number still grows is postponed, so that a slow reader is not cut off while it
     * reads, and one that stopped reading is. Blocking transports write synchronously and
     * return -1.
     *
     * @return -1, or the count of queued bytes sent
     */
    default long queuedOutputProgress() {
        return -1;
    }

    /**
     * Asks an event-driven transport to read again: after {@link Connection.Step#PAUSE} (the
     * body queue has room), or when the engine holds input the socket no longer shows (TLS
     * records it decrypted later). The transport resumes reading and calls
     * {@link Connection#received} soon, on the connection's thread, even if the socket has
     * nothing new (with a count of 0). Any thread. Blocking transports ignore it.
     */
    default void resumeReads() {
    }
}
