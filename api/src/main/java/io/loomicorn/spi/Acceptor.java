package io.loomicorn.spi;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An accept loop for blocking worker classes: one platform thread waits on a selector over
 * every listener and accepts one connection at a time, non-blocking, so that stopping it
 * never interrupts an {@code accept} (an interrupted blocking {@code accept} can drop a
 * connection the kernel already handed over: the client sees a reset).
 *
 * <p>With a semaphore, the loop takes a permit <em>before</em> it accepts: at the cap new
 * clients wait in the kernel's backlog (where another worker may take them) instead of
 * being accepted and left waiting here. The handoff owns the permit and releases it when
 * the connection ends; a permit is released here only when {@code accept} found nothing
 * (another worker took the connection) or the handoff threw.
 *
 * <p>Each worker's loop wakes for every new connection and the first {@code accept} wins,
 * the others get nothing and wait again, as gunicorn's workers do. The one that wins is
 * the one on a CPU at that moment, again and again: so a loop given a share test
 * ({@link Engine#aboveShare}) leaves the connection to the others while it holds more than
 * its share, pausing {@value #STEP_BACK_MICROS} µs at a time, and takes it after
 * {@value #MAX_STEP_BACKS} pauses if nobody else did (a stopped or stuck sibling).
 *
 * <p>The loop runs on a platform thread, or, with {@link #startVirtual}, on a virtual
 * thread: for a worker class that serves each connection on a virtual thread of a
 * one-carrier scheduler ({@code vthread}). The loop then shares that carrier with the
 * connections it starts: a new connection's thread starts without waking another thread,
 * and while the carrier is busy the loop finds waiting connections with a non-blocking
 * {@code epoll_wait} instead of being woken for each. With a new connection per request
 * that cost {@code vthread} 0.87 of the platform loop's CPU per request (six alternating
 * 5 s rounds, every one lower); {@code reactor}, which hands each connection to an XNIO
 * I/O thread, measured 1.2 times more and keeps the platform loop.
 */
public final class Acceptor {

    /** Receives each accepted connection, on the accept thread. */
    @FunctionalInterface
    public interface Handoff {

        /**
         * Takes an accepted connection: serves it on this thread (the loop waits) or opens
         * it with {@link BlockingTransport#open} here and serves it on another.
         *
         * @param channel  the connection, in blocking mode
         * @param listener the listener it came from
         */
        void accepted(SocketChannel channel, Listener listener);
    }

    private static final System.Logger LOG = System.getLogger("io.loomicorn.worker");
    private static final long SLOT_POLL_MILLIS = 50;
    static final long STEP_BACK_MICROS = 500;
    static final int MAX_STEP_BACKS = 40;

    private final List<Listener> listeners;
    private final Semaphore slots;
    private final Handoff handoff;
    private final Predicate<IOException> failures;
    private final BooleanSupplier aboveShare;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean stopped;

    private Acceptor(Thread.Builder builder, List<Listener> listeners, Semaphore slots, Handoff handoff,
                     Predicate<IOException> failures, BooleanSupplier aboveShare) throws IOException {
        this.listeners = List.copyOf(listeners);
        this.slots = slots;
        this.handoff = handoff;
        this.failures = failures;
        this.aboveShare = aboveShare;
        this.selector = Selector.open();
        try {
            for (Listener l : this.listeners) {
                l.channel().configureBlocking(false);
                l.channel().register(selector, SelectionKey.OP_ACCEPT, l);
            }
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        this.thread = builder.unstarted(this::loop);
    }

    /**
     * Starts an accept loop over the listeners.
     *
     * @param name      the accept thread's name
     * @param listeners the listeners; they are put in non-blocking mode
     * @param slots     permits to take before each accept, or null for no cap
     * @param handoff   what takes each connection
     * @param failures  decides after a failed {@code accept} whether the loop goes on
     *                  ({@link WorkerBase#acceptFailed} in a {@code WorkerBase})
     * @return the running loop
     * @throws IOException if no selector could be opened or a listener registered
     */
    public static Acceptor start(String name, List<Listener> listeners, Semaphore slots, Handoff handoff,
                                 Predicate<IOException> failures) throws IOException {
        return start(name, listeners, slots, handoff, failures, () -> false);
    }

    /**
     * Starts an accept loop over the listeners that leaves new connections to the other
     * workers while {@code aboveShare} says this one holds more than its share (see the
     * class comment); for worker classes that serve many connections at once.
     *
     * @param name       the accept thread's name
     * @param listeners  the listeners; they are put in non-blocking mode
     * @param slots      permits to take before each accept, or null for no cap
     * @param handoff    what takes each connection
     * @param failures   decides after a failed {@code accept} whether the loop goes on
     * @param aboveShare asked before each accept; usually {@link Engine#aboveShare}
     * @return the running loop
     * @throws IOException if no selector could be opened or a listener registered
     */
    public static Acceptor start(String name, List<Listener> listeners, Semaphore slots, Handoff handoff,
                                 Predicate<IOException> failures, BooleanSupplier aboveShare) throws IOException {
        return start(Thread.ofPlatform().name(name), listeners, slots, handoff, failures, aboveShare);
    }

    /**
     * Starts an accept loop like {@link #start(String, List, Semaphore, Handoff, Predicate, BooleanSupplier)},
     * on a virtual thread (see the class comment): for a worker class whose connections run
     * on virtual threads. The handoff then runs on that virtual thread too.
     *
     * @param name       the accept thread's name
     * @param listeners  the listeners; they are put in non-blocking mode
     * @param slots      permits to take before each accept, or null for no cap
     * @param handoff    what takes each connection
     * @param failures   decides after a failed {@code accept} whether the loop goes on
     * @param aboveShare asked before each accept; usually {@link Engine#aboveShare}
     * @return the running loop
     * @throws IOException if no selector could be opened or a listener registered
     */
    public static Acceptor startVirtual(String name, List<Listener> listeners, Semaphore slots, Handoff handoff,
                                        Predicate<IOException> failures, BooleanSupplier aboveShare) throws IOException {
        return start(Thread.ofVirtual().name(name), listeners, slots, handoff, failures, aboveShare);
    }

    private static Acceptor start(Thread.Builder builder, List<Listener> listeners, Semaphore slots, Handoff handoff,
                                  Predicate<IOException> failures, BooleanSupplier aboveShare) throws IOException {
        Acceptor acceptor = new Acceptor(builder, listeners, slots, handoff, failures, aboveShare);
        acceptor.thread.start();
        return acceptor;
    }

    /**
     * Stops the loop and waits for it: no connection is accepted after this returns, and
     * every connection accepted before was handed off. A handoff that serves on the accept
     * thread finishes its connection first.
     */
    public void stop() {
        stopped = true;
        selector.wakeup();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing is left to release
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        int stepBacks = 0;
        try {
            while (!stopped) {
                try {
                    selector.select();
                } catch (IOException e) {
                    if (!failures.test(e)) {
                        stopped = true;
                    }
                    continue;
                }
                boolean steppedBack = false;
                // One connection per ready listener per round: every listener gets its turn.
                for (var keys = selector.selectedKeys().iterator(); keys.hasNext() && !stopped; ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (stepBacks < MAX_STEP_BACKS && aboveShare.getAsBoolean()) {
                        steppedBack = true;
                        continue;
                    }
                    if (!takeSlot()) {
                        return;
                    }
                    if (acceptFrom((Listener) key.attachment())) {
                        stepBacks = 0;
                    } else if (slots != null) {
                        slots.release();
                    }
                }
                if (steppedBack) {
                    stepBacks++;
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(STEP_BACK_MICROS));
                    if (nothingWaiting()) {
                        stepBacks = 0; // another worker took what was waiting
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // stopped
        }
    }

    /** Tells whether no listener has a connection waiting; the next {@code select} sees them again. */
    private boolean nothingWaiting() {
        try {
            int ready = selector.selectNow();
            selector.selectedKeys().clear();
            return ready == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for a permit; false once stopped (then no permit is held). */
    private boolean takeSlot() {
        if (slots == null) {
            return true;
        }
        try {
            while (!stopped) {
                if (slots.tryAcquire(SLOT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (!stopped) {
                        return true;
                    }
                    slots.release();
                }
            }
        } catch (InterruptedException e) {
            stopped = true;
        }
        return false;
    }

    /** Accepts one connection and hands it off; false if there was none (another worker took it). */
    private boolean acceptFrom(Listener listener) {
        SocketChannel channel;
        try {
            channel = listener.channel().accept();
        } catch (IOException e) {
            if (!failures.test(e)) {
                stopped = true;
            }
            return false;
        }
        if (channel == null) {
            return false;
        }
        try {
            channel.configureBlocking(true);
        } catch (IOException e) {
            closeQuietly(channel);
            return false;
        }
        try {
            handoff.accepted(channel, listener);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "a connection from " + listener.display() + " could not be served", e);
            closeQuietly(channel);
            return false;
        }
        return true;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the client sees the close
        }
    }
}
