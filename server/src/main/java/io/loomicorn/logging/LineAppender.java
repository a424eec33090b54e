package io.loomicorn.logging;

import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 *   <li><b>batched</b> (the access log): events are encoded on the calling thread and
 *       copied into a buffer; the buffer is written when the next line would not fit, and
 *       otherwise by a flusher thread every {@link #FLUSH_INTERVAL}. A request thread thus
 *       makes a system call only once every few hundred lines and never wakes another
 *       thread, which is what keeps the access log cheap on the request path. Stopping
 *       the appender (log4j stops it at shutdown and on reconfiguration) writes what is
 *       left.</li>
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
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] buffer;
    private int used;
    private volatile Thread flusher;

    private LineAppender(String name, Layout<? extends Serializable> layout, LogTarget target, boolean batched) {
        super(name, null, layout, true, Property.EMPTY_ARRAY);
        this.target = target;
        this.batched = batched;
        this.buffer = batched ? new byte[target.atomicWriteLimit()] : new byte[0];
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
            Thread t = Thread.ofPlatform().daemon().name("loomicorn-log-flush-" + getName()).unstarted(this::flushPeriodically);
            flusher = t;
            t.start();
        }
    }

    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        Thread t = flusher;
        flusher = null;
        if (t != null) {
            LockSupport.unpark(t);
        }
        flush();
        LogFiles.unregister(this);
        target.close();
        setStopped();
        return true;
    }

    @Override
    public void append(LogEvent event) {
        byte[] line = getLayout().toByteArray(event);
        lock.lock();
        try {
            if (!batched) {
                target.write(line, 0, line.length);
                return;
            }
            if (used + line.length > buffer.length) {
                writeBuffer();
            }
            if (line.length > buffer.length) {
                target.write(line, 0, line.length);
            } else {
                System.arraycopy(line, 0, buffer, used, line.length);
                used += line.length;
            }
        } catch (IOException e) {
            error("Cannot write to " + target.describe() + ": " + e.getMessage(), event, e);
        } finally {
            lock.unlock();
        }
    }

    /** Writes the buffered lines now. */
    void flush() {
        lock.lock();
        try {
            writeBuffer();
        } catch (IOException e) {
            error("Cannot write to " + target.describe() + ": " + e.getMessage());
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
                writeBuffer();
            } catch (IOException e) {
                used = 0; // the old file is unwritable; do not carry its lines into the new one twice
            }
            target.reopen();
        } finally {
            lock.unlock();
        }
    }

    private void writeBuffer() throws IOException {
        if (used == 0) {
            return;
        }
        int n = used;
        used = 0; // a failed write drops the batch rather than retrying it forever
        target.write(buffer, 0, n);
    }

    private void flushPeriodically() {
        long interval = FLUSH_INTERVAL.toNanos();
        while (flusher == Thread.currentThread()) {
            LockSupport.parkNanos(this, interval);
            flush();
        }
    }
}
