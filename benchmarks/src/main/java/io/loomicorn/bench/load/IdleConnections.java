package io.loomicorn.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds many idle keep-alive connections to a server: each connection sends one
 * {@code GET /}, reads the whole response, and then stays open without a word. The
 * server must keep them (the runner sets {@code keepalive} long enough). At the end,
 * {@link #stillOpen()} counts those the server has not closed.
 */
public final class IdleConnections implements AutoCloseable {

    private static final int PARALLEL_OPENS = 128;

    private final ConcurrentLinkedQueue<SocketChannel> held = new ConcurrentLinkedQueue<>();
    private final int wanted;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger refusedKeepAlive = new AtomicInteger();

    private IdleConnections(int wanted) {
        this.wanted = wanted;
    }

    /**
     * Opens connections, up to {@code count}, until the time limit.
     *
     * @param port    the loopback port
     * @param count   how many connections to open
     * @param timeout connect and response timeout of each
     * @param limit   the longest time the whole opening may take
     * @return the connections held
     * @throws InterruptedException if interrupted
     */
    public static IdleConnections open(int port, int count, Duration timeout, Duration limit) throws InterruptedException {
        IdleConnections c = new IdleConnections(count);
        c.openAll(port, timeout, limit);
        return c;
    }

    private void openAll(int port, Duration timeout, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] request = ResponseProbe.request(port, "/", true);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        Semaphore parallel = new Semaphore(PARALLEL_OPENS);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            parallel.acquire();
            if (System.nanoTime() - deadline > 0) {
                parallel.release();
                break;
            }
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    openOne(address, request, timeout);
                } finally {
                    parallel.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private void openOne(InetSocketAddress address, byte[] request, Duration timeout) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.socket().connect(address, (int) timeout.toMillis());
            ch.socket().setSoTimeout((int) timeout.toMillis());
            ch.write(ByteBuffer.wrap(request));
            // Through the socket adaptor's stream so that the read timeout applies.
            ResponseReader reader = new ResponseReader(ch.socket().getInputStream(), 4096);
            if (!reader.read() || reader.status() / 100 != 2) {
                throw new IOException("no 2xx response");
            }
            if (reader.mustClose()) {
                refusedKeepAlive.incrementAndGet();
                ch.close();
                return;
            }
            held.add(ch);
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    /** How many connections were asked for. */
    public int wanted() {
        return wanted;
    }

    /** How many connections were opened, answered and kept alive by the server. */
    public int opened() {
        return held.size();
    }

    /** How many connections failed to connect or to get a response. */
    public int failures() {
        return failures.get();
    }

    /** How many connections the server answered with {@code Connection: close}. */
    public int refusedKeepAlive() {
        return refusedKeepAlive.get();
    }

    /**
     * Counts the connections the server has not closed: a non-blocking read that finds
     * no data (rather than end of stream or a reset) means the connection is still open.
     *
     * @return how many are open
     */
    public int stillOpen() {
        int open = 0;
        ByteBuffer one = ByteBuffer.allocate(1);
        for (SocketChannel ch : held) {
            try {
                ch.configureBlocking(false);
                one.clear();
                if (ch.read(one) == 0) {
                    open++;
                }
            } catch (IOException | RuntimeException e) {
                // reset or closed
            }
        }
        return open;
    }

    /** Closes every connection. */
    @Override
    public void close() {
        for (SocketChannel ch; (ch = held.poll()) != null; ) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
