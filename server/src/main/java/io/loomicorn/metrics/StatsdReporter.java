package io.loomicorn.metrics;

import io.loomicorn.logging.ServerLog;
import io.loomicorn.config.StatsdAddress;
import io.loomicorn.logging.UnixDatagram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Sends gunicorn's statsd metrics from the master, once a second: the workers count into
 * shared memory, and this reporter sends what changed since its last turn, under gunicorn's
 * names ({@link StatsdLines}):
 * <ul>
 *   <li>{@code gunicorn.requests} and {@code gunicorn.request.status.NNN}: counters;</li>
 *   <li>{@code gunicorn.request.duration}: one timer per request, in milliseconds (if a
 *       worker answered more requests in a second than its ring holds, 8192, the timers
 *       sent carry a sample rate, {@code |@RATE}, and the counters stay exact);</li>
 *   <li>{@code gunicorn.workers}: a gauge, sent when it changes, as gunicorn's arbiter does;</li>
 *   <li>{@code gunicorn.log.warning}, {@code .error}, {@code .critical}, {@code .exception}:
 *       counters of the error log, the workers' and the master's.</li>
 * </ul>
 * Lines are packed into datagrams of at most {@value #MAX_DATAGRAM} bytes, one line per
 * row (statsd's multi-metric packets). Nothing here touches a request: a statsd server that
 * is down costs one failed non-blocking send a second, in the master.
 */
public final class StatsdReporter implements AutoCloseable {

    /** A datagram that fits an Ethernet frame with IP and UDP headers. */
    static final int MAX_DATAGRAM = 1432;
    private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Where datagrams go. */
    interface Sink extends AutoCloseable {
        void send(byte[] datagram) throws IOException;

        @Override
        void close();
    }

    private final MetricsLedger ledger;
    private final Supplier<MasterView> view;
    private final StatsdLines lines;
    private final Sink sink;
    private final String address;
    private long[] lastCounters = new long[MetricsLayout.SLOTS];
    private long[] lastLog = new long[MetricsLayout.LOG_LEVELS.size()];
    private long lastWorkers = -1;
    private volatile boolean running = true;
    private Thread thread;
    private boolean failing;

    StatsdReporter(MetricsLedger ledger, Supplier<MasterView> view, StatsdLines lines, Sink sink, String address) {
        this.ledger = ledger;
        this.view = view;
        this.lines = lines;
        this.sink = sink;
        this.address = address;
        MetricsLedger.Totals start = ledger.totals();
        lastCounters = start.counters();
        lastLog = start.log();
    }

    /**
     * Opens the socket for {@code statsd_host} and starts sending.
     *
     * @param host   {@code HOST:PORT}, {@code HOST} (port 8125), or {@code unix:PATH}
     * @param prefix {@code statsd_prefix}
     * @param tags   {@code dogstatsd_tags}
     * @param ledger the metrics
     * @param view   the master's latest view
     * @return the running reporter
     * @throws IOException with one line if the address cannot be used
     */
    public static StatsdReporter start(String host, String prefix, String tags, MetricsLedger ledger,
                                       Supplier<MasterView> view) throws IOException {
        StatsdReporter r = new StatsdReporter(ledger, view, new StatsdLines(prefix, tags), open(host), host);
        r.thread = Thread.ofPlatform().daemon().name("loomicorn-statsd").start(r::run);
        ServerLog.ERROR.info("Sending statsd metrics to {}", host);
        return r;
    }

    private static Sink open(String host) throws IOException {
        StatsdAddress address = StatsdAddress.parse(host);
        if (address.path() != null) {
            UnixDatagram socket = UnixDatagram.to(address.path());
            return new Sink() {
                @Override
                public void send(byte[] datagram) throws IOException {
                    socket.send(datagram);
                }

                @Override
                public void close() {
                    socket.close();
                }
            };
        }
        InetSocketAddress target = new InetSocketAddress(address.host(), address.port());
        if (target.isUnresolved()) {
            throw new IOException("Error: statsd_host " + host + ": unknown host " + address.host());
        }
        DatagramChannel channel = DatagramChannel.open();
        channel.configureBlocking(false);
        return new Sink() {
            @Override
            public void send(byte[] datagram) throws IOException {
                channel.send(ByteBuffer.wrap(datagram), target);
            }

            @Override
            public void close() {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        };
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(PERIOD_NANOS);
            flush();
        }
    }

    /** Sends what changed since the last flush. */
    synchronized void flush() {
        List<String> out = collect();
        send(out);
    }

    /** Builds the lines of one turn. */
    List<String> collect() {
        List<String> out = new ArrayList<>();
        MetricsLedger.Totals totals = ledger.totals();
        long[] counters = totals.counters();
        long requests = 0;
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < MetricsLayout.STATUSES; i++) {
            long delta = counters[MetricsLayout.STATUS + i] - lastCounters[MetricsLayout.STATUS + i];
            if (delta > 0) {
                requests += delta;
                statuses.add(lines.counter("gunicorn.request.status." + (MetricsLayout.FIRST_STATUS + i), delta));
            }
        }
        List<Integer> durations = new ArrayList<>();
        long lost = ledger.drainDurations(durations::add);
        double rate = durations.isEmpty() ? 1.0 : (double) durations.size() / (durations.size() + lost);
        for (int micros : durations) {
            out.add(lost > 0 ? lines.sampledTimer("gunicorn.request.duration", micros, rate)
                    : lines.timer("gunicorn.request.duration", micros));
        }
        if (requests > 0) {
            out.add(lines.counter("gunicorn.requests", requests));
        }
        out.addAll(statuses);
        long[] log = totals.log();
        for (int i = 0; i < log.length; i++) {
            if (log[i] > lastLog[i]) {
                out.add(lines.counter("gunicorn.log." + MetricsLayout.LOG_LEVELS.get(i), log[i] - lastLog[i]));
            }
        }
        MasterView v = view.get();
        long workers = Math.min(v.workers().size(), v.target());
        if (workers != lastWorkers) {
            lastWorkers = workers;
            out.add(lines.gauge("gunicorn.workers", workers));
        }
        lastCounters = counters;
        lastLog = log;
        return out;
    }

    private void send(List<String> out) {
        StringBuilder datagram = new StringBuilder();
        for (String line : out) {
            if (!datagram.isEmpty() && datagram.length() + 1 + line.length() > MAX_DATAGRAM) {
                sendOne(datagram.toString());
                datagram.setLength(0);
            }
            if (!datagram.isEmpty()) {
                datagram.append('\n');
            }
            datagram.append(line);
        }
        if (!datagram.isEmpty()) {
            sendOne(datagram.toString());
        }
    }

    private void sendOne(String datagram) {
        try {
            sink.send(datagram.getBytes(StandardCharsets.US_ASCII));
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                ServerLog.ERROR.debug("Error sending message to statsd at {}: {}", address, e.getMessage());
            }
        }
    }

    /** Sends what is left, then stops. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
        sink.close();
    }
}
