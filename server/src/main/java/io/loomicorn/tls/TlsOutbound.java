package io.loomicorn.tls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;

/**
 * The write side of a TLS connection: seals plaintext with the {@link TlsCodec} and hands
 * the records to a {@link NetworkSink}, under the one lock that keeps records in order.
 *
 * <h2>Threads</h2>
 * Any thread may write: the application's, a watchdog answering 503, the reader sending a
 * handshake flight. The lock is held from the wrap until the sink has taken the bytes, so
 * records reach the socket in the order they were sealed. A writer waits for the lock
 * while another writer's bytes go out; the lock is interruptible, so a watchdog that
 * interrupts a stuck request also frees a writer waiting behind it. The reader of an event
 * loop must never wait: it calls {@link #flushOrDefer()}, which hands its output to the
 * lock holder when there is one; the holder sends it before releasing the lock and then
 * runs {@code resumeReader}, so that the loop goes on reading.
 *
 * <p>{@link #close()} sends {@code close_notify} only if it can take the lock at once;
 * otherwise it gives up, and the connection closes without it (abortively).
 */
public final class TlsOutbound {

    /** Where sealed records go: the driver's socket writer. */
    @FunctionalInterface
    public interface NetworkSink {
        /**
         * Takes every remaining byte of {@code bytes} before returning, by writing them or
         * copying them into a queue: the buffer is reused.
         *
         * @param bytes records to send, read mode
         * @throws IOException when the connection is broken
         */
        void send(ByteBuffer bytes) throws IOException;
    }

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    /** The most bytes {@link #hold(boolean)} keeps: a session ticket is about 250 (JDK 25, ECDSA P-256). */
    private static final int HELD_MAX = 4096;
    /** How much of a file one {@link #transferFrom} step reads: one full record. */
    private static final int FILE_CHUNK = 16 * 1024;

    private final TlsCodec codec;
    private final NetworkSink sink;
    private final Runnable resumeReader;
    private final RecordBuffers buffers;
    private final ReentrantLock lock = new ReentrantLock();
    /** The reader has output waiting for the lock holder to send. */
    private volatile boolean owed;
    /** Records sealed but not sent yet ({@link #hold(boolean)}), sent ahead of the next records; guarded by the lock. */
    private ByteBuffer held;
    private volatile boolean holding;

    /**
     * Creates the write side.
     *
     * @param codec        the connection's codec
     * @param sink         where records go
     * @param resumeReader run after the lock holder sent output the reader had deferred
     *                     ({@link #flushOrDefer()}); blocking drivers pass a no-op
     * @param buffers      the worker's buffers that records are sealed into, one per write
     */
    TlsOutbound(TlsCodec codec, NetworkSink sink, Runnable resumeReader, RecordBuffers buffers) {
        this.codec = codec;
        this.sink = sink;
        this.resumeReader = resumeReader;
        this.buffers = buffers;
    }

    /**
     * Seals every remaining byte of the buffers, in order, and sends the records.
     *
     * @param plain the plaintext; consumed
     * @throws SSLException when the connection failed
     * @throws ClosedChannelException when it is closed
     * @throws IOException when the sink fails, or the thread is interrupted
     */
    public void write(ByteBuffer... plain) throws IOException {
        acquire();
        try {
            seal(plain, false);
        } finally {
            release();
        }
    }

    /**
     * Seals the last bytes the server sends on this connection and its {@code close_notify}
     * behind them, and sends both in one write (the response to {@code Connection: close}
     * and the alert, which went out in two writes). Later writes fail; {@link #close()}
     * then has nothing left to send.
     *
     * @param plain the plaintext; consumed
     * @throws IOException as {@link #write}
     */
    public void writeLast(ByteBuffer... plain) throws IOException {
        acquire();
        try {
            seal(plain, true);
        } finally {
            release();
        }
    }

    /**
     * Sends {@code count} bytes of a file from {@code position}. TLS encrypts in user space,
     * so there is no zero-copy: the file is read a record at a time and sealed.
     *
     * @throws IOException as {@link #write}, or when the file fails or is shorter than asked
     */
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(FILE_CHUNK, Math.max(1, count)));
        long end = position + count;
        while (position < end) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            int n = file.read(chunk, position);
            if (n < 0) {
                throw new IOException("the file shrank while it was sent");
            }
            position += n;
            write(chunk.flip());
        }
    }

    /**
     * Sends what the codec owes the peer (a handshake flight, a key update), waiting for the
     * lock if need be: the reader of a blocking driver, after {@code NEED_OUTPUT}.
     *
     * @throws IOException as {@link #write}
     */
    public void flush() throws IOException {
        acquire();
        try {
            owed = false;
            seal(NOTHING, false);
        } finally {
            release();
        }
    }

    /**
     * Seals what the codec owes the peer and keeps the records, to send them ahead of the
     * next write's: the TLS 1.3 session ticket ({@link TlsCodec#ticketOwed()}) then goes out
     * with the response, one socket write instead of two. The reader must call
     * {@link #flush()} (or {@link #flushOrDefer()}) before it waits for input while
     * {@link #holds()}. An event loop's reader that finds the lock taken defers instead, as
     * {@link #flushOrDefer()} does.
     *
     * @param eventLoop whether the caller must not wait for the lock
     * @return false when the output was handed to the lock holder (see {@link #flushOrDefer()})
     * @throws IOException as {@link #write}
     */
    public boolean hold(boolean eventLoop) throws IOException {
        if (eventLoop) {
            owed = true;
            if (!lock.tryLock()) {
                return false;
            }
        } else {
            acquire();
        }
        try {
            owed = false;
            ByteBuffer out = buffers.take(codec.packetSize());
            try {
                TlsCodec.WriteResult result = codec.wrap(NOTHING, out);
                out.flip();
                if (result != TlsCodec.WriteResult.DONE || out.remaining() > HELD_MAX || holding) {
                    // Not the one small flight expected: everything goes now, in order.
                    if (holding) {
                        holding = false;
                        sink.send(held);
                        held = null;
                    }
                    sink.send(out);
                    if (result == TlsCodec.WriteResult.FAILED) {
                        throw new SSLException(codec.failure());
                    }
                } else if (out.hasRemaining()) {
                    held = ByteBuffer.allocate(out.remaining()).put(out).flip();
                    holding = true;
                }
            } finally {
                buffers.give(out);
            }
        } finally {
            release();
        }
        return true;
    }

    /** Tells whether records wait for the next write ({@link #hold}). */
    public boolean holds() {
        return holding;
    }

    /**
     * Sends what the codec owes the peer if the lock is free; else leaves it to the writer
     * holding the lock, which sends it before releasing and then runs {@code resumeReader}.
     * For the reader of an event loop, which must not wait.
     *
     * @return true when the output was sent now; false when it was handed over
     * @throws IOException as {@link #write}
     */
    public boolean flushOrDefer() throws IOException {
        owed = true;
        if (!lock.tryLock()) {
            return false;
        }
        try {
            owed = false;
            seal(NOTHING, false);
        } finally {
            release();
        }
        return true;
    }

    /**
     * Sends {@code close_notify} (or, after a failure, the alert JSSE prepared), if the lock
     * is free at once; never throws. The caller closes the socket afterwards.
     */
    public void close() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            codec.closeOutbound();
            seal(NOTHING, false);
        } catch (IOException e) {
            // the peer is gone: nothing more to tell it
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wraps and sends until the plaintext is sealed; the lock is held. The records go into a
     * buffer of {@link RecordBuffers}, as many as fit, and out in one send.
     *
     * @param thenClose seal {@code close_notify} behind the plaintext, in the same send
     */
    private void seal(ByteBuffer[] plain, boolean thenClose) throws IOException {
        ByteBuffer out = buffers.take(codec.packetSize());
        if (holding) {
            out.put(held); // fits: a few hundred bytes in room for two records
            held = null;
            holding = false;
        }
        try {
            while (true) {
                TlsCodec.WriteResult result = codec.wrap(plain, out);
                if (result == TlsCodec.WriteResult.DONE && thenClose) {
                    thenClose = false;
                    codec.closeOutbound();
                    continue;
                }
                out.flip();
                boolean produced = out.hasRemaining();
                if (produced) {
                    sink.send(out);
                }
                out.clear();
                switch (result) {
                    case DONE -> {
                        return;
                    }
                    case OUTPUT_FULL -> {
                        if (!produced) {
                            // The engine's records grew (a peer's large fragments): room for two of them.
                            if (out.capacity() >= 2 * codec.packetSize()) {
                                throw new IllegalStateException("a TLS record does not fit in " + out.capacity() + " bytes");
                            }
                            out = ByteBuffer.allocate(2 * codec.packetSize());
                        }
                    }
                    case NEED_INPUT -> throw new SSLException("cannot send data before the TLS handshake has finished");
                    case CLOSED -> {
                        if (remaining(plain)) {
                            throw new ClosedChannelException();
                        }
                        return;
                    }
                    case FAILED -> throw new SSLException(codec.failure());
                }
            }
        } finally {
            buffers.give(out);
        }
    }

    private void acquire() throws InterruptedIOException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write to a TLS connection");
        }
    }

    /** Unlocks, first sending output the reader deferred to this holder; see {@link #flushOrDefer()}. */
    private void release() {
        boolean sentForReader = false;
        while (true) {
            if (owed) {
                owed = false;
                try {
                    seal(NOTHING, false);
                } catch (IOException e) {
                    // The reader's next read meets the same broken connection.
                }
                sentForReader = true;
            }
            lock.unlock();
            // The reader may have deferred after the check above but before the unlock.
            if (!owed || !lock.tryLock()) {
                break;
            }
        }
        if (sentForReader) {
            resumeReader.run();
        }
    }

    private static boolean remaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
