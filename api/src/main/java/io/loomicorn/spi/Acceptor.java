package io.loomicorn.spi;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * the others get nothing and wait again, as gunicorn's workers do.
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

    private final List<Listener> listeners;
    private final Semaphore slots;
    private final Handoff handoff;
    private final Predicate<IOException> failures;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean stopped;

    private Acceptor(String name, List<Listener> listeners, Semaphore slots, Handoff handoff,
                     Predicate<IOException> failures) throws IOException {
        this.listeners = List.copyOf(listeners);
        this.slots = slots;
        this.handoff = handoff;
        this.failures = failures;
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
        this.thread = Thread.ofPlatform().name(name).unstarted(this::loop);
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
        Acceptor acceptor = new Acceptor(name, listeners, slots, handoff, failures);
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
                // One connection per ready listener per round: every listener gets its turn.
                for (var keys = selector.selectedKeys().iterator(); keys.hasNext() && !stopped; ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!takeSlot()) {
                        return;
                    }
                    if (!acceptFrom((Listener) key.attachment()) && slots != null) {
                        slots.release();
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // stopped
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
