package io.loomicorn.worker.reactor;

import org.xnio.ChannelListener;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;

import io.loomicorn.spi.Transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The output side of one reactor connection: the engine's responses written
 * to XNIO's sink channel without ever queueing more than {@link #HIGH_WATER} bytes of
 * heap per connection.
 *
 * <h2>Writes</h2>
 * Bytes go straight to the (non-blocking) socket. What the socket does not take is copied
 * into this connection's queue, which the I/O thread flushes when the socket becomes
 * writable, and the write returns. The connection does not read or start another request
 * while the queue holds anything, so a client that does not read its responses stops
 * being read from: back-pressure, not buffering.
 *
 * <h2>Past the mark</h2>
 * A write that would take the queue past {@link #HIGH_WATER} waits until the socket has
 * drained enough. Where it waits depends on the thread:
 * <ul>
 *   <li>on a virtual thread (a request with a streamed body), it parks until the I/O
 *       thread's write handler reports progress; nothing else waits;</li>
 *   <li>on the I/O thread (an application running inline), nothing can be moved
 *       elsewhere mid-call, so the I/O thread itself waits on a temporary selector
 *       ({@code awaitWritable}) for this one socket. Memory stays bounded; the price is
 *       that the I/O thread's other connections stall while a client reads slowly. The
 *       per-request {@code timeout} bounds the stall: the watchdog interrupts the wait
 *       and the request fails. This is the reactor's contract: fast handlers that write
 *       modest responses. Large responses belong in {@code sendFile} (below) or on
 *       {@code -k vthread}.</li>
 * </ul>
 *
 * <h2>Files</h2>
 * {@link #transferFrom} uses {@code FileChannel.transferTo} (sendfile, zero-copy) while
 * the socket takes bytes. When the socket is full on the I/O thread, the rest of the file
 * is mapped read-only and queued: a mapping stays valid after its channel is closed
 * ({@link FileChannel#map}), so the application's {@code sendFile} returns at once and
 * the I/O thread sends the mapping as the client reads. The mapped bytes live in the page
 * cache, not on the heap, and do not count toward the mark. On a virtual thread the
 * transfer waits for the socket and stays zero-copy to the end.
 *
 * <p>Thread safety: every method may be called from the I/O thread, the application's
 * virtual thread or the watchdog (a timeout answer); state is guarded by this object's
 * monitor, which an {@code Object.wait} releases. The channel is its sink's write listener
 * itself (one object less per connection than a lambda).
 */
final class ConduitResponseChannel implements ChannelListener<ConduitStreamSinkChannel> {

    /**
     * The most heap bytes queued per connection: 64 KiB. Together with the socket's send
     * buffer this is plenty for pipelined small responses; a response larger than that
     * reaches a slow client at the client's pace.
     */
    static final int HIGH_WATER = 64 * 1024;

    /** The largest single file mapping. */
    private static final long MAP_PIECE = 1L << 30;
    /** How many queued buffers one gathering write takes. */
    private static final int GATHER = 16;

    private final ConduitStreamSinkChannel sink;
    private final XnioIoThread ioThread;
    private final Transport connection;
    private final ByteBuffer staging;
    /**
     * Responses waiting for a slow reader, or null while none wait: almost always. It is made
     * with room for four when a write leaves bytes behind, and given up with {@link #gather}
     * once flushed (an idle connection held 170 bytes of both).
     */
    private ArrayDeque<ByteBuffer> queue;
    private ByteBuffer[] gather;
    private long queuedHeap;
    private boolean closed;
    private Runnable whenDrained;

    // Statistics, for tests and the documentation of the back-pressure choice.
    private long peakQueuedHeap;
    /** Bytes flushed from the queue: progress of a slow reader. */
    private long flushed;
    private long loopWaits;

    /**
     * Creates the channel and installs its write handler on {@code sink}.
     *
     * @param sink       the connection's sink channel
     * @param connection the connection, which this closes when flushing fails (the peer went
     *                   away); on the I/O thread
     * @param staging    the I/O thread's direct buffer for gathering small writes; used on
     *                   that thread only
     */
    ConduitResponseChannel(ConduitStreamSinkChannel sink, Transport connection, ByteBuffer staging) {
        this.sink = sink;
        this.connection = connection;
        this.staging = staging;
        this.ioThread = sink.getIoThread();
        sink.getWriteSetter().set(this);
    }

    /** Writes every remaining byte, in order: to the socket, or queued within the mark; see the class comment. */
    void write(ByteBuffer... buffers) throws IOException {
        synchronized (this) {
            while (true) {
                ensureOpen();
                if (flushQueue()) {
                    writeDirect(buffers);
                    if (!hasRemaining(buffers)) {
                        return;
                    }
                }
                long rest = remaining(buffers);
                if (queuedHeap + rest <= HIGH_WATER) {
                    enqueueCopy(buffers, (int) rest);
                    sink.resumeWrites();
                    return;
                }
                awaitProgress();
            }
        }
    }

    /** Writes part of a file, zero-copy where possible; see the class comment. */
    void transferFrom(FileChannel file, long position, long count) throws IOException {
        synchronized (this) {
            long pos = position;
            long end = position + count;
            while (pos < end) {
                ensureOpen();
                if (flushQueue()) {
                    long n = sink.transferFrom(file, pos, end - pos);
                    if (n > 0) {
                        pos += n;
                        continue;
                    }
                    if (file.size() < end) {
                        throw new IOException("the file shrank while it was sent");
                    }
                }
                if (onIoThread()) {
                    enqueueMapped(file, pos, end - pos);
                    sink.resumeWrites();
                    return;
                }
                awaitProgress();
            }
        }
    }

    /** Tells whether bytes are waiting for the socket. */
    synchronized boolean hasQueued() {
        return queue != null;
    }

    /**
     * Runs {@code action} on the I/O thread once every queued byte reached the socket:
     * at once when nothing is queued. Called on the I/O thread.
     *
     * @param action what the connection does next (read the next request, close)
     */
    void whenDrained(Runnable action) {
        synchronized (this) {
            if (queue != null && !closed) {
                Runnable before = whenDrained;
                whenDrained = before == null ? action : () -> {
                    before.run();
                    action.run();
                };
                sink.resumeWrites();
                return;
            }
        }
        action.run();
    }

    /** Drops what is queued and fails later writes: the connection is closing. */
    synchronized void close() {
        closed = true;
        dropQueue();
        whenDrained = null;
        notifyAll();
    }

    /** Tells whether the channel holds a queue or its gathering array: only while bytes wait (tests). */
    synchronized boolean holdsQueue() {
        return queue != null || gather != null;
    }

    /** Returns how many queued bytes reached the socket so far. */
    synchronized long flushedBytes() {
        return flushed;
    }

    /** Returns the most heap bytes this channel ever queued. */
    synchronized long peakQueuedHeap() {
        return peakQueuedHeap;
    }

    /** Returns how many times an application on the I/O thread waited for the socket. */
    synchronized long loopWaits() {
        return loopWaits;
    }

    /** XNIO's write listener: the socket can take bytes; I/O thread. */
    @Override
    public void handleEvent(ConduitStreamSinkChannel channel) {
        onWritable();
    }

    /** The write handler: runs on the I/O thread when the socket can take bytes. */
    private void onWritable() {
        Runnable next = null;
        boolean broken = false;
        synchronized (this) {
            try {
                if (closed) {
                    sink.suspendWrites();
                    return;
                }
                if (flushQueue()) {
                    sink.suspendWrites();
                    next = whenDrained;
                    whenDrained = null;
                }
            } catch (IOException e) {
                // The peer went away: drop the queue and close the connection.
                closed = true;
                dropQueue();
                whenDrained = null;
                sink.suspendWrites();
                broken = true;
            } finally {
                notifyAll();
            }
        }
        if (broken) {
            connection.close();
        } else if (next != null) {
            next.run();
        }
    }

    /**
     * Waits until the socket may take more bytes. Holds the monitor on the I/O thread
     * (nothing else can flush there anyway), releases it on other threads.
     */
    private void awaitProgress() throws IOException {
        if (onIoThread()) {
            loopWaits++;
            // A temporary selector for this one socket (XNIO's awaitWritable). The watchdog
            // interrupts it when the request times out; XNIO then throws.
            sink.awaitWritable(1, TimeUnit.SECONDS);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("the request timed out while its response was written");
            }
            return;
        }
        sink.resumeWrites();
        try {
            wait(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the response was written");
        }
    }

    /**
     * Writes queued bytes until the queue is empty or the socket is full.
     *
     * @return {@code true} if nothing is left in the queue
     */
    private boolean flushQueue() throws IOException {
        while (queue != null) {
            if (gather == null) {
                gather = new ByteBuffer[GATHER];
            }
            int n = 0;
            for (ByteBuffer b : queue) {
                gather[n++] = b;
                if (n == GATHER) {
                    break;
                }
            }
            long before = 0;
            for (int i = 0; i < n; i++) {
                before += gather[i].remaining();
            }
            long written = n == 1 ? sink.write(gather[0]) : sink.write(gather, 0, n);
            flushed += written;
            java.util.Arrays.fill(gather, 0, n, null);
            while (!queue.isEmpty() && !queue.peek().hasRemaining()) {
                ByteBuffer done = queue.poll();
                if (!done.isDirect()) {
                    queuedHeap -= done.capacity();
                }
            }
            if (queue.isEmpty()) {
                dropQueue();
                return true;
            }
            if (written < before) {
                return false;
            }
        }
        return true;
    }

    /** Gives up the queue and its gathering array: nothing waits for the socket. */
    private void dropQueue() {
        queue = null;
        gather = null;
        queuedHeap = 0;
    }

    /** The queue, made when a write first leaves bytes for the socket to take later. */
    private ArrayDeque<ByteBuffer> queue() {
        ArrayDeque<ByteBuffer> q = queue;
        if (q == null) {
            q = new ArrayDeque<>(4);
            queue = q;
        }
        return q;
    }

    private void writeDirect(ByteBuffer[] buffers) throws IOException {
        if (buffers.length > 1 && onIoThread() && remaining(buffers) <= staging.capacity()) {
            writeStaged(buffers);
            return;
        }
        if (buffers.length == 1) {
            ByteBuffer b = buffers[0];
            while (b.hasRemaining() && sink.write(b) > 0) {
                // the socket took some; try the rest
            }
            return;
        }
        while (hasRemaining(buffers) && sink.write(buffers, 0, buffers.length) > 0) {
            // the socket took some; try the rest
        }
    }

    /**
     * Writes small gathered buffers (a head and its body) with one {@code write} from the
     * I/O thread's direct staging buffer. The JDK would copy each heap buffer into a
     * temporary direct buffer of its own (two thread-local lookups each) and call
     * {@code writev}; profiling the plaintext benchmark showed that path as the largest
     * user-space cost of a response.
     */
    private void writeStaged(ByteBuffer[] buffers) throws IOException {
        ByteBuffer stage = staging.clear();
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            stage.put(stage.position(), b, b.position(), n);
            stage.position(stage.position() + n);
        }
        stage.flip();
        long written = 0;
        for (int n; stage.hasRemaining() && (n = sink.write(stage)) > 0; ) {
            written += n;
        }
        // Consume what the socket took from the callers' buffers; the rest stays there.
        for (ByteBuffer b : buffers) {
            int n = (int) Math.min(written, b.remaining());
            b.position(b.position() + n);
            written -= n;
        }
    }

    private void enqueueCopy(ByteBuffer[] buffers, int rest) {
        ByteBuffer copy = ByteBuffer.allocate(rest);
        for (ByteBuffer b : buffers) {
            copy.put(b);
        }
        queue().add(copy.flip());
        queuedHeap += rest;
        peakQueuedHeap = Math.max(peakQueuedHeap, queuedHeap);
    }

    private void enqueueMapped(FileChannel file, long position, long count) throws IOException {
        if (file.size() < position + count) {
            throw new IOException("the file shrank while it was sent");
        }
        for (long pos = position, end = position + count; pos < end; ) {
            long n = Math.min(MAP_PIECE, end - pos);
            queue().add(file.map(FileChannel.MapMode.READ_ONLY, pos, n));
            pos += n;
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    private boolean onIoThread() {
        return Thread.currentThread() == ioThread;
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private static long remaining(ByteBuffer[] buffers) {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        return n;
    }
}
