package io.loomicorn.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The built-in load generator, for machines without wrk: one virtual thread per
 * connection on a plain blocking {@link Socket}, latencies in an HdrHistogram.
 *
 * <ul>
 *   <li><b>Closed loop</b> (rate 0): each connection sends its next request as soon as
 *       the previous response has arrived, like wrk. Latency is measured from the send.</li>
 *   <li><b>Open loop</b> (rate &gt; 0): requests are scheduled at a fixed total rate,
 *       spread evenly over the connections. Latency is measured from each request's
 *       <em>intended</em> send time, so a stalled server is charged for the requests it
 *       delayed (no coordinated omission).</li>
 * </ul>
 * Only responses that end inside the window count. When the window closes, every open
 * connection is reset, so that requests still queued in a server's backlog are not
 * served after the run.
 */
public final class JavaLoadGenerator implements LoadDriver {

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final int BUFFER = 32 * 1024;

    /** Creates the generator. */
    public JavaLoadGenerator() {
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public RunningLoad start(LoadSpec spec) {
        Run run = new Run(spec);
        run.begin();
        return run;
    }

    private static final class Run implements RunningLoad {

        private final LoadSpec spec;
        private final byte[] request;
        private final InetSocketAddress address;
        private final int timeoutMillis;
        private final Recorder latency = new Recorder(HIGHEST_NANOS, 3);
        private final LongAdder completed = new LongAdder();
        private final LongAdder bytes = new LongAdder();
        private final LongAdder connectErrors = new LongAdder();
        private final LongAdder readErrors = new LongAdder();
        private final LongAdder writeErrors = new LongAdder();
        private final LongAdder statusErrors = new LongAdder();
        private final LongAdder timeouts = new LongAdder();
        private final AtomicLong tickets = new AtomicLong();
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopping;
        private long startNanos;
        private long endNanos;
        private Thread timer;

        Run(LoadSpec spec) {
            this.spec = spec;
            this.request = ResponseProbe.request(spec.port(), spec.path(), spec.keepAlive());
            this.address = new InetSocketAddress("127.0.0.1", spec.port());
            this.timeoutMillis = (int) Math.max(1, spec.timeout().toMillis());
        }

        void begin() {
            startNanos = System.nanoTime();
            endNanos = startNanos + spec.duration().toNanos();
            for (int i = 0; i < spec.connections(); i++) {
                int index = i;
                threads.add(Thread.ofVirtual().name("load-" + i).start(() -> connection(index)));
            }
            timer = Thread.ofPlatform().daemon().name("load-timer").start(() -> {
                for (long left; !stopping && (left = endNanos - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(Math.min(left, 50_000_000L));
                }
                stop();
            });
        }

        private void connection(int index) {
            boolean openLoop = spec.rate() > 0;
            long interval = openLoop ? Math.max(1, spec.connections() * 1_000_000_000L / spec.rate()) : 0;
            long next = openLoop ? startNanos + index * 1_000_000_000L / spec.rate() : 0;
            Socket socket = null;
            ResponseReader reader = null;
            OutputStream out = null;
            long counted = 0;
            try {
                while (!stopping) {
                    long intended = 0;
                    if (openLoop) {
                        intended = next;
                        next += interval;
                        if (intended - endNanos >= 0) {
                            break;
                        }
                        for (long wait; !stopping && (wait = intended - System.nanoTime()) > 0; ) {
                            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                        }
                        if (stopping) {
                            break;
                        }
                    }
                    if (tickets.incrementAndGet() > spec.maxRequests()) {
                        break;
                    }
                    if (socket == null) {
                        try {
                            socket = connect();
                            reader = new ResponseReader(socket.getInputStream(), BUFFER);
                            out = socket.getOutputStream();
                            counted = 0;
                        } catch (IOException e) {
                            socket = null;
                            if (!stopping) {
                                connectErrors.increment();
                                LockSupport.parkNanos(10_000_000L); // no busy loop against a refusing port
                            }
                            continue;
                        }
                    }
                    long t0 = openLoop ? intended : System.nanoTime();
                    Failure failure = exchange(out, reader);
                    long t1 = System.nanoTime();
                    if (failure != null) {
                        if (!stopping) {
                            failure.count(this);
                        }
                        abort(socket);
                        socket = null;
                        continue;
                    }
                    if (t1 - endNanos > 0) {
                        break; // ended after the window: not counted
                    }
                    latency.recordValue(Math.min(t1 - t0, HIGHEST_NANOS));
                    completed.increment();
                    bytes.add(reader.bytesRead() - counted);
                    counted = reader.bytesRead();
                    if (reader.status() / 100 != 2) {
                        statusErrors.increment();
                    }
                    if (!spec.keepAlive() || reader.mustClose()) {
                        close(socket);
                        socket = null;
                    }
                }
            } finally {
                if (socket != null) {
                    abort(socket);
                }
            }
        }

        private enum Failure {
            WRITE, READ, TIMEOUT;

            void count(Run run) {
                switch (this) {
                    case WRITE -> run.writeErrors.increment();
                    case READ -> run.readErrors.increment();
                    case TIMEOUT -> run.timeouts.increment();
                }
            }
        }

        private Failure exchange(OutputStream out, ResponseReader reader) {
            try {
                out.write(request);
            } catch (IOException e) {
                return Failure.WRITE;
            }
            try {
                if (!reader.read()) {
                    throw new EOFException("closed before a response");
                }
                return null;
            } catch (SocketTimeoutException e) {
                return Failure.TIMEOUT;
            } catch (IOException e) {
                return Failure.READ;
            }
        }

        private Socket connect() throws IOException {
            Socket s = new Socket();
            open.add(s);
            try {
                s.setTcpNoDelay(true);
                s.connect(address, timeoutMillis);
                s.setSoTimeout(timeoutMillis);
                if (stopping) {
                    throw new IOException("stopping");
                }
                return s;
            } catch (IOException e) {
                abort(s);
                throw e;
            }
        }

        private void close(Socket s) {
            open.remove(s);
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        /** Closes with a reset, so that a request still in a server's backlog is dropped, not served. */
        private void abort(Socket s) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed
            }
            close(s);
        }

        private void stop() {
            stopping = true;
            for (Socket s : open) {
                abort(s);
            }
        }

        @Override
        public long completedSoFar() {
            return completed.sum();
        }

        @Override
        public boolean isDone() {
            return !timer.isAlive() && threads.stream().noneMatch(Thread::isAlive);
        }

        @Override
        public LoadResult await() throws InterruptedException {
            try {
                for (Thread t : threads) {
                    t.join();
                }
            } catch (InterruptedException e) {
                cancel();
                throw e;
            }
            long end = Math.min(System.nanoTime(), endNanos);
            stopping = true;
            timer.join();
            stop(); // sockets opened during the last instant
            Histogram h = latency.getIntervalHistogram();
            double seconds = Math.max(1, end - startNanos) / 1e9;
            return new LoadResult(completed.sum(), seconds, bytes.sum(),
                    new LoadResult.Errors(connectErrors.sum(), readErrors.sum(), writeErrors.sum(),
                            statusErrors.sum(), timeouts.sum()),
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, "java");
        }

        @Override
        public void cancel() {
            stop();
            threads.forEach(Thread::interrupt);
        }
    }
}
