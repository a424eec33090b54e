package io.loomicorn.logging;

import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes log events as whole lines to a {@link LogTarget} that other processes append to
 * as well.
 *
 * <p>Two modes:
 * <ul>
 *   <li><b>immediate</b> (the error log): each event is written at once, with one
 *       {@code write(2)}, so that nothing is lost if the process dies the next instant;</li>
 *   <li><b>batched</b> (the access log): the calling thread encodes the event and copies
 *       the bytes into a buffer, and that is all it does. A flusher thread writes the
 *       buffer when it fills up (the caller swaps in a second buffer and wakes the
 *       flusher) or after {@link #FLUSH_INTERVAL}. Request threads thus make no system
 *       call and wake another thread only once per buffer (some hundreds of lines); they
 *       wait only if both buffers are full, which is the back pressure that keeps lines
 *       from being dropped when the disk is slow. Stopping the appender (log4j stops it
 *       at shutdown and on reconfiguration) writes whatever is left.</li>
 * </ul>
 * Either way every write holds whole lines only, and at most
 * {@link LogTarget#atomicWriteLimit()} bytes when several lines go together. No file lock
 * is taken: {@code O_APPEND} makes the kernel serialise writes to one file, which is the
 * guarantee a lock would add, at no cost.
 */
final class LineAppender extends AbstractAppender {

    /** How long a batched line may wait before it is written. */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);

    private final LogTarget target;
    private final boolean batched;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition bufferReturned = lock.newCondition();

    // Guarded by lock. Two buffers take turns: callers fill "active" while the flusher
    // writes the other one; "spare" is null while the other buffer is handed over or being
    // written.
    private byte[] active;
    private int used;
    private byte[] spare;
    private byte[] handed;
    private int handedLength;

    private volatile Thread flusher;
    private volatile boolean running;

    private LineAppender(String name, Layout<? extends Serializable> layout, LogTarget target, boolean batched) {
        super(name, null, layout, true, Property.EMPTY_ARRAY);
        this.target = target;
        this.batched = batched;
        this.capacity = batched ? target.atomicWriteLimit() : 0;
        this.active = new byte[capacity];
        this.spare = new byte[capacity];
    }

    /**
     * Creates an appender that writes every event at once.
     *
     * @param name   the appender's name
     * @param layout how events become lines
     * @param target where they go
     * @return the appender, not started
     */
    static LineAppender immediate(String name, Layout<? extends Serializable> layout, LogTarget target) {
        return new LineAppender(name, layout, target, false);
    }

    /**
     * Creates an appender that collects lines and writes them in batches.
     *
     * @param name   the appender's name
     * @param layout how events become lines
     * @param target where they go
     * @return the appender, not started
     */
    static LineAppender batched(String name, Layout<? extends Serializable> layout, LogTarget target) {
        return new LineAppender(name, layout, target, true);
    }

    /** Returns the target. */
    LogTarget target() {
        return target;
    }

    @Override
    public void start() {
        super.start();
        LogFiles.register(this);
        if (batched) {
            running = true;
            flusher = Thread.ofPlatform().daemon().name("loomicorn-log-flush-" + getName()).start(this::flushLoop);
        }
    }

    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        running = false;
        Thread t = flusher;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flusher = null;
        }
        flush();
        LogFiles.unregister(this);
        target.close();
        setStopped();
        return true;
    }

    @Override
    public void append(LogEvent event) {
        // The access log's own layout: the message's bytes, and the line end added here.
        boolean messageOnly = batched && getLayout() == MessageLineLayout.INSTANCE;
        byte[] line = messageOnly ? MessageLineLayout.messageBytes(event) : getLayout().toByteArray(event);
        int size = messageOnly ? line.length + 1 : line.length;
        lock.lock();
        try {
            if (!batched) {
                target.write(line, 0, line.length);
                return;
            }
            if (size > capacity) {
                // Rare: a line longer than a whole batch goes alone, after what precedes it.
                drain();
                byte[] whole = line;
                if (messageOnly) {
                    whole = Arrays.copyOf(line, size);
                    whole[size - 1] = '\n';
                }
                target.write(whole, 0, size);
                return;
            }
            if (used + size > capacity) {
                handOver();
            }
            System.arraycopy(line, 0, active, used, line.length);
            used += line.length;
            if (messageOnly) {
                active[used++] = '\n';
            }
        } catch (IOException e) {
            error("Cannot write to " + target.describe() + ": " + e.getMessage(), event, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error("Interrupted while waiting to write to " + target.describe(), event, e);
        } finally {
            lock.unlock();
        }
    }

    /** Writes every buffered line now, on the calling thread. */
    void flush() {
        lock.lock();
        try {
            drain();
        } catch (IOException e) {
            error("Cannot write to " + target.describe() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the buffered lines to the old file, then opens the file again by name (USR1).
     *
     * @throws IOException if the file cannot be opened again; the old one stays in use
     */
    void reopen() throws IOException {
        lock.lock();
        try {
            try {
                drain();
            } catch (IOException e) {
                // The old file is unwritable; what it could not take is gone either way.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            target.reopen();
        } finally {
            lock.unlock();
        }
    }

    /** Gives the full buffer to the flusher and takes the spare one; waits if it is still out. */
    private void handOver() throws IOException, InterruptedException {
        if (flusher == null) {
            drain(); // not started or stopping: write here
            return;
        }
        while (spare == null) {
            bufferReturned.await();
        }
        handed = active;
        handedLength = used;
        active = spare;
        spare = null;
        used = 0;
        LockSupport.unpark(flusher);
    }

    /**
     * Writes, on the calling thread and in order, a buffer handed over but not yet taken
     * and the active buffer, after waiting for a write in progress. The lock is held.
     */
    private void drain() throws IOException, InterruptedException {
        while (spare == null && handed == null) {
            bufferReturned.await(); // the flusher is writing the other buffer
        }
        if (handed != null) {
            byte[] b = handed;
            int n = handedLength;
            handed = null;
            spare = b;
            target.write(b, 0, n);
        }
        if (used > 0) {
            int n = used;
            used = 0; // a failed write drops the batch rather than retrying it forever
            target.write(active, 0, n);
        }
    }

    private void flushLoop() {
        long interval = FLUSH_INTERVAL.toNanos();
        boolean last = false;
        while (!last) {
            last = !running;
            byte[] buffer;
            int length;
            lock.lock();
            try {
                if (handed == null && used > 0 && spare != null) {
                    // The interval passed: write what there is.
                    handed = active;
                    handedLength = used;
                    active = spare;
                    spare = null;
                    used = 0;
                }
                buffer = handed;
                length = handedLength;
                handed = null;
            } finally {
                lock.unlock();
            }
            if (buffer != null) {
                try {
                    target.write(buffer, 0, length);
                } catch (IOException e) {
                    error("Cannot write to " + target.describe() + ": " + e.getMessage());
                }
                lock.lock();
                try {
                    spare = buffer;
                    bufferReturned.signalAll();
                } finally {
                    lock.unlock();
                }
            } else if (!last) {
                LockSupport.parkNanos(this, interval);
            }
        }
    }
}
