package io.loomicorn.engine;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.spi.Connection;
import io.loomicorn.spi.Connection.Step;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Transport;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.worker.HooksLoader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection machine driven in memory: scripted client bytes in, a hand-driven clock,
 * and every byte the machine writes captured. A blocking driver ({@code Bodies.PULL}) or an
 * event-loop driver ({@code Bodies.BUFFER_THEN_STREAM}) runs it on the test's thread,
 * exactly as the real drivers do, until the machine waits for input the script does not
 * have; the test then sends more, closes the client's side, or moves the clock and lets the
 * watchdog's {@link Http1Connection#expire} run.
 */
final class MachineHarness {

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final HttpEngine engine;
    final MemoryTransport transport = new MemoryTransport();
    final Http1Connection connection;
    final List<String> retired = new CopyOnWriteArrayList<>();
    final AtomicLong beats = new AtomicLong();
    private final boolean pull;
    private Step step;
    private Thread offLoop;
    /** The buffer a blocking driver's thread waits to read into, as it does in its blocking read. */
    private ByteBuffer waitingRead;

    private MachineHarness(App app, Config config, EngineOptions options) {
        this.pull = options.bodies() == EngineOptions.Bodies.PULL;
        this.engine = new HttpEngine(EngineSettings.from(config), options,
                new HttpEngine.Served(app, HooksLoader.NONE, new WorkerInfo(1, 1, "test", config.get(
                        io.loomicorn.config.Settings.MAX_REQUESTS)), AccessLog.NONE),
                new HttpEngine.WorkerLink() {
                    @Override
                    public void beat() {
                        beats.incrementAndGet();
                    }

                    @Override
                    public void retire(String reason) {
                        retired.add(reason);
                    }
                });
        engine.useClock(clock::get);
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40000);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8000);
        transport.blocking = pull;
        this.connection = (Http1Connection) engine.open(transport, peer, local, new Listener(null, local));
        this.step = connection.start();
    }

    static MachineHarness blocking(App app, Config config) {
        return new MachineHarness(app, config, EngineOptions.blocking());
    }

    static MachineHarness eventLoop(App app, Config config) {
        return new MachineHarness(app, config, EngineOptions.eventLoop());
    }

    static MachineHarness oneRequestPerConnection(App app, Config config) {
        return new MachineHarness(app, config, EngineOptions.oneRequestPerConnection());
    }

    /** Adds client bytes and runs the machine until it waits. */
    MachineHarness send(String text) {
        transport.input.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
        return run();
    }

    /** Adds client bytes without running the machine: a request running off the loop reads them meanwhile. */
    MachineHarness arrive(String text) {
        transport.input.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
        return this;
    }

    /** The client half-closes its side; runs the machine until it waits. */
    MachineHarness clientCloses() {
        transport.inputClosed = true;
        return run();
    }

    /** Moves the clock. */
    MachineHarness advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        return this;
    }

    /** Plays the watchdog: expires the connection if its deadline passed, then runs it. */
    MachineHarness tick() {
        long due = connection.deadline();
        if (clock.get() - due > 0) {
            connection.expire(due);
            if (transport.expiry != null) {
                Step s = transport.expiry;
                transport.expiry = null;
                step = s;
                waitingRead = null; // a blocking read fails when the socket closes
            }
        }
        return run();
    }

    /** The buffer a blocking driver's thread waits in, reading, or null. */
    ByteBuffer waitingRead() {
        return waitingRead;
    }

    /** Tells whether the deadline has passed on the harness's clock. */
    boolean overdue() {
        return clock.get() - connection.deadline() > 0;
    }

    /** Acts on steps until the machine waits for input the script does not hold, or closes. */
    MachineHarness run() {
        joinOffLoop();
        while (true) {
            switch (step) {
                case READ -> {
                    if (transport.closed) {
                        return this;
                    }
                    if (pull && waitingRead == null) {
                        waitingRead = connection.readBuffer(); // the thread enters its read
                    }
                    if (transport.input.isEmpty() && !transport.inputClosed) {
                        return this;
                    }
                    ByteBuffer buffer = pull ? waitingRead : connection.readBuffer();
                    waitingRead = null;
                    step = connection.received(readInto(buffer));
                }
                case DISPATCH -> {
                    if (connection.dispatchInline() || pull) {
                        connection.dispatch();
                        step = connection.exchangeDone();
                    } else {
                        // Off the loop: a streamed body is fed by this thread meanwhile.
                        offLoop = Thread.ofVirtual().start(connection::dispatch);
                        step = feedWhileRunning();
                    }
                }
                case PAUSE -> {
                    if (offLoop == null) {
                        return this;
                    }
                    joinOffLoop();
                }
                case CLOSE -> {
                    transport.closedByMachine = true;
                    return this;
                }
            }
        }
    }

    /** Feeds the streamed body while the request runs off the loop, then finishes the exchange. */
    private Step feedWhileRunning() {
        while (offLoop.isAlive()) {
            if (!transport.input.isEmpty() || transport.inputClosed && !transport.endDelivered) {
                ByteBuffer buffer = connection.readBuffer();
                Step s = connection.received(readInto(buffer));
                if (s == Step.PAUSE && !transport.resumed) {
                    waitBriefly();
                }
                transport.resumed = false;
            } else {
                waitBriefly();
            }
        }
        joinOffLoop();
        return connection.exchangeDone();
    }

    private int readInto(ByteBuffer buffer) {
        try {
            return transport.read(buffer);
        } catch (IOException e) {
            return -1;
        }
    }

    private void joinOffLoop() {
        if (offLoop != null) {
            try {
                offLoop.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (offLoop.isAlive()) {
                throw new AssertionError("the request did not finish");
            }
            offLoop = null;
        }
    }

    private static void waitBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Returns the responses written so far. */
    List<HttpResponse> responses() throws IOException {
        HttpTestClient reader = HttpTestClient.reading(transport.output.toByteArray());
        List<HttpResponse> all = new ArrayList<>();
        while (!reader.atEnd()) {
            all.add(reader.read());
        }
        return all;
    }

    /** Returns the only response written so far. */
    HttpResponse response() throws IOException {
        List<HttpResponse> all = responses();
        if (all.size() != 1) {
            throw new AssertionError("expected one response, got " + all.size() + ": " + output());
        }
        return all.getFirst();
    }

    String output() {
        return transport.output.toString(StandardCharsets.ISO_8859_1);
    }

    /** The in-memory socket. */
    static final class MemoryTransport implements Transport {

        final ArrayDeque<ByteBuffer> input = new ArrayDeque<>();
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        volatile boolean inputClosed;
        volatile boolean endDelivered;
        volatile boolean outputShut;
        volatile boolean closed;
        volatile boolean closedByMachine;
        volatile boolean resumed;
        volatile Step expiry;
        volatile boolean blocking;
        /**
         * Runs once when the machine asks for its output progress, which it does only while
         * it expires a deadline, between reading the deadline and acting on it: a test's way
         * to move the connection on inside that window.
         */
        volatile Runnable whileExpiring;
        long bytesRead;

        @Override
        public long queuedOutputProgress() {
            Runnable r = whileExpiring;
            whileExpiring = null;
            if (r != null) {
                r.run();
            }
            return -1;
        }

        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            if (closed) {
                throw new ClosedChannelException();
            }
            ByteBuffer next = input.peek();
            if (next == null) {
                if (inputClosed) {
                    endDelivered = true;
                    return -1;
                }
                if (blocking) {
                    throw new AssertionError("a blocking read would wait for input the script does not have");
                }
                return 0;
            }
            int n = Math.min(dst.remaining(), next.remaining());
            dst.put(dst.position(), next, next.position(), n);
            dst.position(dst.position() + n);
            next.position(next.position() + n);
            if (!next.hasRemaining()) {
                input.poll();
            }
            bytesRead += n;
            return n;
        }

        @Override
        public synchronized void write(ByteBuffer... buffers) throws IOException {
            if (closed || outputShut) {
                throw new ClosedChannelException();
            }
            for (ByteBuffer b : buffers) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                output.writeBytes(bytes);
            }
        }

        @Override
        public void transferFrom(FileChannel file, long position, long count) throws IOException {
            ByteBuffer b = ByteBuffer.allocate((int) count);
            file.read(b, position);
            write(b.flip());
        }

        @Override
        public void shutdownOutput() {
            outputShut = true;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void runExpiry(java.util.function.Supplier<Step> expiry) {
            Step s = expiry.get();
            if (s != null) {
                this.expiry = s;
                if (blocking && s == Step.CLOSE) {
                    close(); // a blocking transport closes the socket, waking its thread
                }
            }
        }

        @Override
        public void resumeReads() {
            resumed = true;
        }
    }
}
