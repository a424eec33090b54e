package io.loomicorn.bench.engine;

import io.loomicorn.app.App;
import io.loomicorn.engine.ConnectionInfo;
import io.loomicorn.engine.Dispatcher;
import io.loomicorn.engine.ResponseChannel;
import io.loomicorn.engine.ServerRequest;
import io.loomicorn.engine.ServerResponse;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.DateCache;
import io.loomicorn.http.codec.ResponseHeadEncoder;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.logging.AccessLog;
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
 * One plaintext exchange through the engine, in memory: parse wrk's request, build the
 * request and response, dispatch to a hello-world application, encode the response into a
 * sink. The peer is {@code 127.0.0.1} (trusted by the default {@code forwarded_allow_ips},
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

    private final RequestParser parser = new RequestParser(ParserConfig.defaults());
    private final ByteBuffer in = ByteBuffer.allocate(8192);
    private final ResponseHeadEncoder encoder = new ResponseHeadEncoder("loomicorn", new DateCache());
    private final ByteWriter headOut = new ByteWriter(512);
    private final Sink sink = new Sink();
    private ConnectionInfo info;
    private Dispatcher dispatcher;

    /** Counts the bytes written, as the socket would take them. */
    static final class Sink implements ResponseChannel {
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
    }

    /** Builds the connection and the dispatcher. */
    @Setup(Level.Trial)
    public void setUp() {
        InetSocketAddress remote = new InetSocketAddress(peer.equals("loopback") ? "127.0.0.1" : "192.0.2.1", 40000);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8000);
        info = new ConnectionInfo(remote, local, local);
        App hello = (request, response) -> {
            response.headers().set("Content-Type", "text/plain");
            response.send(HELLO);
        };
        dispatcher = new Dispatcher(hello, HooksLoader.NONE, new WorkerInfo(1, 1, "bench", 0), AccessLog.NONE, () -> { });
    }

    /**
     * One exchange.
     *
     * @return the bytes written so far
     */
    @Benchmark
    public long exchange() {
        parser.reset();
        in.clear();
        in.put(WRK).flip();
        parser.parse(in);
        ServerRequest request = ServerRequest.create(parser.head(), info, parser.body(), in, b -> false, null);
        ServerResponse response = new ServerResponse(request, sink, encoder, headOut, () -> true, true, 8192);
        dispatcher.dispatch(request, response);
        return sink.bytes;
    }
}
