package io.loomicorn.engine;


import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The raw bytes of a large request body, handed from the I/O thread, which reads the
 * socket, to the virtual thread that runs the application, which decodes them: a
 * {@link BodySource} behind the engine's request body stream.
 *
 * <p>Flow control: the queue holds at most {@link #MAX_CHUNKS} chunks of up to
 * {@link #CHUNK} bytes. When it is full the I/O thread stops reading the socket; when the
 * application has taken half of it, reading resumes. The kernel's receive window then
 * pushes back on the client, so an upload of any size costs at most
 * {@code MAX_CHUNKS * CHUNK} bytes here (64 KiB).
 *
 * <p>The chunks carry whatever followed the body too (a pipelined request): the decoder
 * stops at the body's end, and {@link #detach()} gives the unread chunks back to the
 * connection, in order, once the application is done.
 */
final class StreamingBody implements BodySource {

    /** The size of one read from the socket. */
    static final int CHUNK = 16 * 1024;
    /** Chunks queued before the I/O thread stops reading. */
    static final int MAX_CHUNKS = 4;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private final Runnable resumeReads;
    private boolean suspended;
    private boolean ended;
    private boolean aborted;
    private long delivered;

    /**
     * Creates an empty body source.
     *
     * @param resumeReads asks the I/O thread to read the socket again; called on the
     *                    application's thread when the queue has room again after a stop
     */
    StreamingBody(Runnable resumeReads) {
        this.resumeReads = resumeReads;
    }

    /**
     * Adds bytes read from the socket (I/O thread).
     *
     * @param chunk bytes in read mode; the queue takes ownership
     * @return {@code false} when the queue is now full: stop reading until
     *         {@code resumeReads} runs
     */
    boolean offer(ByteBuffer chunk) {
        lock.lock();
        try {
            chunks.add(chunk);
            available.signalAll();
            if (chunks.size() >= MAX_CHUNKS) {
                suspended = true;
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Records that the client closed its side (I/O thread). */
    void endOfInput() {
        lock.lock();
        try {
            ended = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails the application's next read: the connection closed or the request timed out. */
    void abort() {
        lock.lock();
        try {
            aborted = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes back the bytes the application did not consume (I/O thread, after the
     * application finished): the start of the next pipelined request, if any.
     *
     * @return the unread chunks, in order
     */
    List<ByteBuffer> detach() {
        lock.lock();
        try {
            aborted = true;
            List<ByteBuffer> rest = new ArrayList<>(chunks);
            chunks.clear();
            return rest;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of raw bytes handed to the decoder so far. */
    long delivered() {
        lock.lock();
        try {
            return delivered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the next queued bytes into the decoder's buffer, waiting for the I/O thread
     * if none are queued (application thread).
     */
    @Override
    public boolean fill(ByteBuffer in) throws IOException {
        boolean resume = false;
        lock.lock();
        try {
            while (chunks.isEmpty()) {
                if (aborted) {
                    throw new ClosedChannelException();
                }
                if (ended) {
                    return false;
                }
                try {
                    available.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the request body");
                }
            }
            if (aborted) {
                throw new ClosedChannelException();
            }
            ByteBuffer chunk = chunks.peek();
            in.compact();
            try {
                int n = Math.min(in.remaining(), chunk.remaining());
                if (n == 0) {
                    throw new IllegalStateException("the input buffer is full of unconsumed bytes");
                }
                in.put(in.position(), chunk, chunk.position(), n);
                in.position(in.position() + n);
                chunk.position(chunk.position() + n);
                delivered += n;
            } finally {
                in.flip();
            }
            if (!chunk.hasRemaining()) {
                chunks.poll();
                if (suspended && chunks.size() <= MAX_CHUNKS / 2) {
                    suspended = false;
                    resume = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            resumeReads.run();
        }
        return true;
    }
}
