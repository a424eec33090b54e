package io.loomicorn.bench.engine;

import io.loomicorn.app.App;
import io.loomicorn.engine.EngineSettings;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.engine.RequestMetrics;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.spi.Connection;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Transport;
import io.loomicorn.worker.HooksLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext exchange through the engine's connection machine, in memory, as a kept-alive
 * connection of an event loop sees it: wrk's request arrives, the machine parses it and
 * says DISPATCH, the hello-world application answers through the engine's response, the
 * machine finishes the exchange and waits for the next request. The peer is {@code 127.0.0.1} (trusted by the default {@code forwarded_allow_ips},
 * as on every loopback benchmark) or a documentation address that is not trusted, so the
 * cost of the trusted path shows as the difference, with everything else the same.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ExchangeBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class ExchangeBenchmark {

    /** What wrk sends on a kept-alive connection. */
    private static final byte[] WRK = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** The socket's peer: {@code loopback} (trusted by default) or {@code remote} (not). */
    @Param({"loopback", "remote"})
    public String peer;

    private final Sink sink = new Sink();
    private HttpEngine engine;
    private Connection connection;

    /** Counts the bytes written, as the socket would take them. */
    static final class Sink implements Transport {
        long bytes;

        @Override
        public void write(ByteBuffer... buffers) {
            for (ByteBuffer b : buffers) {
                bytes += b.remaining();
                b.position(b.limit());
            }
        }

        @Override
        public void transferFrom(FileChannel file, long position, long count) throws IOException {
            throw new IOException("no files here");
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void close() {
        }
    }

    /** Builds the engine and one connection. */
    @Setup(Level.Trial)
    public void setUp() {
        InetSocketAddress remote = new InetSocketAddress(peer.equals("loopback") ? "127.0.0.1" : "192.0.2.1", 40000);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8000);
        App hello = (request, response) -> {
            response.headers().set("Content-Type", "text/plain");
            response.send(HELLO);
        };
        engine = new HttpEngine(EngineSettings.defaults(), EngineOptions.eventLoop(),
                new HttpEngine.Served(hello, HooksLoader.NONE, new WorkerInfo(1, 1, "bench", 0), AccessLog.NONE),
                new HttpEngine.WorkerLink() {
                    @Override
                    public void beat() {
                    }

                    @Override
                    public void retire(String reason) {
                    }

                    @Override
                    public RequestMetrics metrics() {
                        return ExchangeBenchmark.this.metrics();
                    }
                });
        connection = engine.open(sink, remote, local, new Listener(null, local));
        connection.start();
    }

    /** Where the engine counts: nothing here; {@link MetricsExchangeBenchmark} compares the workers' counters. */
    protected RequestMetrics metrics() {
        return RequestMetrics.NONE;
    }

    /**
     * One exchange.
     *
     * @return the bytes written so far
     */
    @Benchmark
    public long exchange() {
        ByteBuffer buffer = connection.readBuffer();
        buffer.put(WRK);
        Connection.Step step = connection.received(WRK.length);
        if (step != Connection.Step.DISPATCH) {
            throw new IllegalStateException("expected DISPATCH, got " + step);
        }
        connection.dispatch();
        connection.exchangeDone();
        return sink.bytes;
    }
}
