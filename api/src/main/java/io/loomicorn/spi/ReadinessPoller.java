package io.loomicorn.spi;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for non-blocking sockets to become readable or writable, for virtual threads:
 * one {@link Selector} per worker, polled by one virtual thread, that unparks the thread
 * waiting on a channel when the channel is ready.
 *
 * <p>Why: a blocking read on a virtual thread reads, gets {@code EAGAIN}, re-arms the
 * JDK's one-shot {@code epoll} registration ({@code epoll_ctl}) and parks, once per
 * request of a kept-alive connection. Here a channel is registered once and stays
 * registered, level-triggered, so the usual wait costs neither the re-arm nor the
 * {@code EAGAIN} read.
 *
 * <p>Contract of a {@link Registration}:
 * <ul>
 *   <li>at most one thread waits to read and one to write at a time (a connection's own
 *       thread reads; it or the engine's watchdog writes, never both at once);</li>
 *   <li>readiness is remembered: a channel reported readable while no thread waits makes
 *       the next {@link Registration#awaitReadable} return at once. The poller then stops
 *       watching the channel until that next wait, so a channel whose bytes nobody reads
 *       yet (pipelined requests, a body the application has not read) is not reported
 *       again and again; write interest is dropped as soon as it is reported;</li>
 *   <li>an interrupt of the waiting thread closes the channel and the wait throws
 *       {@link ClosedByInterruptException}, with the interrupt status still set, as the
 *       JDK's blocking channels do; {@link Registration#closed} wakes a waiting thread,
 *       whose wait then throws {@link AsynchronousCloseException}.</li>
 * </ul>
 * A wait may return although the channel is not ready (a stale report): callers retry
 * their read or write and wait again when it returns 0.
 *
 * <p>A wait to read may be one that another thread {@linkplain Registration#endIdleWait ends}:
 * the waiting thread then returns to end itself, and a new one, from the poller's thread
 * factory, runs the registration's resumption when the channel may be readable or is
 * closed. An idle kept-alive connection so holds no virtual thread (no stack), while a
 * busy one keeps its thread from request to request (a park and an unpark each, cheaper
 * than a new thread).
 */
public final class ReadinessPoller {

    /** A slot's value when the channel was reported ready and nobody waited. */
    private static final Object READY = new Object();
    /** The read slot's value while no thread waits and readiness starts the registration's resumption. */
    private static final Object RESUME = new Object();
    /** The read slot's value from {@link Registration#endIdleWait} until the woken thread stores {@link #RESUME}. */
    private static final Object ENDING = new Object();

    private static final VarHandle READER;
    private static final VarHandle WRITER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            READER = lookup.findVarHandle(Registration.class, "reader", Object.class);
            WRITER = lookup.findVarHandle(Registration.class, "writer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final System.Logger LOG = System.getLogger("io.loomicorn.worker");

    private final Selector selector;
    private final Thread thread;
    private final ThreadFactory resumptions;
    /** True while the poller is (about to be) blocked in {@code select()}: changes need a wake-up then. */
    private volatile boolean parked;
    private volatile boolean stopped;

    private ReadinessPoller(Selector selector, String name, ThreadFactory resumptions) {
        this.selector = selector;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::poll);
        this.resumptions = resumptions;
    }

    /**
     * Opens a selector and starts polling it on a new virtual thread; resumptions run on
     * unnamed virtual threads.
     *
     * @param name the poller thread's name
     * @return the running poller
     * @throws IOException if the selector cannot be opened
     */
    public static ReadinessPoller start(String name) throws IOException {
        return start(name, Thread.ofVirtual().factory());
    }

    /**
     * Opens a selector and starts polling it on a new virtual thread.
     *
     * @param name        the poller thread's name
     * @param resumptions makes the threads that run {@link Registration#resumeWhenReadable resumptions}
     *                    (virtual threads, for a connection's thread)
     * @return the running poller
     * @throws IOException if the selector cannot be opened
     */
    public static ReadinessPoller start(String name, ThreadFactory resumptions) throws IOException {
        ReadinessPoller poller = new ReadinessPoller(Selector.open(), name, resumptions);
        poller.thread.start();
        return poller;
    }

    /**
     * Registers a non-blocking channel, with no interest until its first wait.
     *
     * @param channel a connected channel in non-blocking mode
     * @return its registration
     * @throws IOException if the channel is closed
     */
    public Registration register(SocketChannel channel) throws IOException {
        return register(channel, null);
    }

    /**
     * Registers a non-blocking channel, with no interest until its first wait, and what
     * resumes it after {@link Registration#resumeWhenReadable}.
     *
     * @param channel a connected channel in non-blocking mode
     * @param resume  runs on a new thread when a channel whose wait was ended may be readable
     *                or is closed; null if its waits are never ended
     * @return its registration
     * @throws IOException if the channel is closed
     */
    public Registration register(SocketChannel channel, Runnable resume) throws IOException {
        Registration r = new Registration(resume);
        r.key = channel.register(selector, 0, r);
        return r;
    }

    /**
     * Returns whether the poller still polls: a poller whose selector failed wakes nobody
     * any more, and its worker should be replaced.
     *
     * @return false once the polling thread ended
     */
    public boolean isPolling() {
        return thread.isAlive();
    }

    /** The polling thread (tests look at its state). */
    Thread thread() {
        return thread;
    }

    /** Stops polling and closes the selector (the registered channels stay open). */
    public void stop() {
        stopped = true;
        selector.wakeup();
    }

    /** Makes the poller apply changed interest or closed channels now if it is blocked in {@code select()}. */
    private void nudge() {
        if (parked) {
            selector.wakeup();
        }
    }

    private void poll() {
        try (selector) {
            while (!stopped) {
                int n = selector.selectNow();
                if (n == 0) {
                    parked = true;
                    try {
                        n = selector.select();
                    } finally {
                        parked = false;
                    }
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    ((Registration) key.attachment()).ready(key);
                }
                // Let the threads just woken read before the next look: on one carrier they
                // run first (FIFO), so their channels are not reported again meanwhile.
                Thread.yield();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the readiness poller failed: {0}", e.toString());
        }
    }

    /**
     * One channel's registration: the threads waiting on it. Each slot holds null (nobody
     * waits), the waiting thread, or {@link #READY}; the read slot also {@link #ENDING} or
     * {@link #RESUME}.
     */
    public final class Registration {

        private final Runnable resume;
        private SelectionKey key;
        /**
         * Whether the thread in the read slot waits in {@link #awaitReadableOrEnd}: written
         * before the compare-and-set that puts the thread there, read after a volatile read
         * that finds it there (so a plain field suffices).
         */
        private boolean endable;
        @SuppressWarnings("unused") // through READER
        private volatile Object reader;
        @SuppressWarnings("unused") // through WRITER
        private volatile Object writer;

        private Registration(Runnable resume) {
            this.resume = resume;
        }

        /**
         * Returns once the channel may be readable.
         *
         * @throws ClosedByInterruptException  if the thread was interrupted (the channel is then closed)
         * @throws AsynchronousCloseException if the channel was closed meanwhile
         */
        public void awaitReadable() throws IOException {
            await(READER, SelectionKey.OP_READ, false);
        }

        /**
         * Returns once the channel may be readable, as {@link #awaitReadable} does, or once
         * {@link #endIdleWait} ended the wait: the registration's resumption then runs on a
         * new thread when the channel may be readable or is closed, and the caller must end
         * without touching anything of the channel's, which that thread may already serve.
         *
         * @return true if the channel may be readable; false if the wait was ended
         * @throws ClosedByInterruptException  if the thread was interrupted (the channel is then closed)
         * @throws AsynchronousCloseException if the channel was closed meanwhile
         * @throws IllegalStateException      if the registration has no resumption
         */
        public boolean awaitReadableOrEnd() throws IOException {
            if (resume == null) {
                throw new IllegalStateException("registered without a resumption");
            }
            return await(READER, SelectionKey.OP_READ, true);
        }

        /**
         * Ends the wait of a thread in {@link #awaitReadableOrEnd}, which then returns false;
         * nothing happens if no thread waits so. Any thread.
         */
        public void endIdleWait() {
            Object s = READER.getVolatile(this);
            if (s instanceof Thread t && endable && READER.compareAndSet(this, t, ENDING)) {
                LockSupport.unpark(t);
            }
        }

        /**
         * Returns once the channel may be writable.
         *
         * @throws ClosedByInterruptException  if the thread was interrupted (the channel is then closed)
         * @throws AsynchronousCloseException if the channel was closed meanwhile
         */
        public void awaitWritable() throws IOException {
            await(WRITER, SelectionKey.OP_WRITE, false);
        }

        /**
         * Wakes the threads waiting on the channel, which must be closed already (its
         * waits then throw), and lets the poller release the channel's descriptor now.
         */
        public void closed() {
            wake(READER);
            wake(WRITER);
            nudge();
        }

        /** The operations the poller watches now (tests). */
        int interestOps() {
            return key.interestOps();
        }

        /** Waits; false if {@link #endIdleWait} ended the wait (an endable read only). */
        private boolean await(VarHandle slot, int op, boolean endable) throws IOException {
            Thread me = Thread.currentThread();
            if (slot == READER) {
                this.endable = endable;
            }
            for (;;) {
                // The poller may store READY between a look at an empty slot and the claim of it.
                Object s = slot.getVolatile(this);
                if (s == READY) {
                    if (slot.compareAndSet(this, READY, null)) {
                        return true;
                    }
                } else if (s == null) {
                    if (slot.compareAndSet(this, null, me)) {
                        break;
                    }
                } else {
                    throw new IllegalStateException("two threads wait on one channel for the same readiness");
                }
            }
            try {
                if ((key.interestOpsOr(op) & op) == 0) {
                    nudge();
                }
            } catch (CancelledKeyException e) {
                slot.compareAndSet(this, me, null);
                nudge(); // the descriptor closes when the poller drops the key
                throw new AsynchronousCloseException();
            }
            while (slot.getVolatile(this) == me) {
                if (me.isInterrupted()) {
                    slot.compareAndSet(this, me, null);
                    key.channel().close();
                    closed();
                    throw new ClosedByInterruptException();
                }
                if (!key.isValid()) {
                    slot.compareAndSet(this, me, null);
                    throw new AsynchronousCloseException();
                }
                LockSupport.park(this);
            }
            // Ended, unless the poller's report or a close took the slot first (then go on). An
            // end meant for an earlier, endable wait of this thread is a stale report here.
            if (slot.getVolatile(this) == ENDING && slot.compareAndSet(this, ENDING, endable ? RESUME : null)
                    && endable) {
                return false; // the interest stays: the next report starts the resumption
            }
            if (!key.channel().isOpen()) {
                throw new AsynchronousCloseException();
            }
            return true;
        }

        /** Poller thread: the channel is ready for {@code key.readyOps()}. */
        private void ready(SelectionKey key) {
            int ops;
            try {
                ops = key.readyOps();
            } catch (CancelledKeyException e) {
                return;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                // A writer writes until the socket is full again: no interest meanwhile.
                dropInterest(SelectionKey.OP_WRITE);
                report(WRITER, SelectionKey.OP_WRITE);
            }
            if ((ops & SelectionKey.OP_READ) != 0) {
                report(READER, SelectionKey.OP_READ);
            }
        }

        private void report(VarHandle slot, int op) {
            for (;;) {
                Object s = slot.getVolatile(this);
                if (s instanceof Thread t) {
                    if (slot.compareAndSet(this, t, null)) {
                        LockSupport.unpark(t);
                        return;
                    }
                } else if (s == RESUME) {
                    // The interest stays, as for a waiting thread: the resumption reads next.
                    if (slot.compareAndSet(this, RESUME, null)) {
                        startResumption();
                        return;
                    }
                } else if (s == ENDING) {
                    // The thread, woken to end, finds the slot empty and reads instead.
                    if (slot.compareAndSet(this, ENDING, null)) {
                        return;
                    }
                } else if (s == READY) {
                    dropInterest(op);
                    return;
                } else {
                    // Nobody waits: stop watching until the next wait, which returns at once.
                    // The interest goes before the report, so that a wait which sets it again
                    // after taking the report keeps it.
                    dropInterest(op);
                    if (slot.compareAndSet(this, null, READY)) {
                        return;
                    }
                }
            }
        }

        private void dropInterest(int op) {
            try {
                key.interestOpsAnd(~op);
            } catch (CancelledKeyException e) {
                // closed meanwhile
            }
        }

        private void wake(VarHandle slot) {
            Object s = slot.getAndSet(this, READY);
            if (s instanceof Thread t) {
                LockSupport.unpark(t);
            } else if (s == RESUME) {
                startResumption(); // it finds the channel closed and ends the connection
            }
        }

        private void startResumption() {
            try {
                resumptions.newThread(resume).start();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "could not resume a connection: {0}", e.toString());
            }
        }
    }
}
