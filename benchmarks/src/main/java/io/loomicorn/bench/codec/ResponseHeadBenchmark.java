package io.loomicorn.bench.codec;

import io.loomicorn.http.MutableHeaders;
import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.DateCache;
import io.loomicorn.http.codec.ResponseHeadEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The response head writer: a plaintext-benchmark head (status line, Content-Type, Date,
 * Server, Content-Length) and a JSON API head with a few more fields. Baseline in the
 * same run: Netty's {@code HttpResponseEncoder} writing the same head (with
 * {@code Date} and {@code Server} set as fields, since Netty adds none itself).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ResponseHeadBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponseHeadBenchmark {

    private final ResponseHeadEncoder encoder = new ResponseHeadEncoder("loomicorn", new DateCache());
    private final ByteWriter out = new ByteWriter(512);
    private final MutableHeaders plaintext = new MutableHeaders().add("Content-Type", "text/plain");
    private final MutableHeaders api = new MutableHeaders()
            .add("Content-Type", "application/json")
            .add("Cache-Control", "no-store")
            .add("X-Request-Id", "3f2c9a1e-5b7d-4c21-9e3f-8a6b2d1c0e9f")
            .add("Vary", "Accept-Encoding");
    private final DateCache nettyDates = new DateCache();
    private EmbeddedChannel netty;

    /** Opens Netty's encoder in an embedded channel. */
    @Setup(Level.Trial)
    public void setUp() {
        netty = new EmbeddedChannel(new HttpResponseEncoder());
    }

    /** Closes the channel. */
    @TearDown(Level.Trial)
    public void tearDown() {
        netty.finishAndReleaseAll();
    }

    /**
     * Loomicorn: the plaintext head.
     *
     * @return the bytes written
     */
    @Benchmark
    public int loomicornPlaintextHead() {
        out.clear();
        encoder.encode(out, HttpVersion.HTTP_1_1, 200, plaintext, 13, false, false, false);
        return out.size();
    }

    /**
     * Loomicorn: the API head.
     *
     * @return the bytes written
     */
    @Benchmark
    public int loomicornApiHead() {
        out.clear();
        encoder.encode(out, HttpVersion.HTTP_1_1, 201, api, 512, false, false, false);
        return out.size();
    }

    /**
     * Netty: the plaintext head.
     *
     * @return the bytes written
     */
    @Benchmark
    public int nettyPlaintextHead() {
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .set(HttpHeaderNames.DATE, nettyDates.value())
                .set(HttpHeaderNames.SERVER, "loomicorn")
                .set(HttpHeaderNames.CONTENT_LENGTH, 13);
        netty.writeOutbound(r);
        return drain();
    }

    /**
     * Netty: the API head.
     *
     * @return the bytes written
     */
    @Benchmark
    public int nettyApiHead() {
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                HttpResponseStatus.CREATED, Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Request-Id", "3f2c9a1e-5b7d-4c21-9e3f-8a6b2d1c0e9f")
                .set(HttpHeaderNames.VARY, "Accept-Encoding")
                .set(HttpHeaderNames.DATE, nettyDates.value())
                .set(HttpHeaderNames.SERVER, "loomicorn")
                .set(HttpHeaderNames.CONTENT_LENGTH, 512);
        netty.writeOutbound(r);
        return drain();
    }

    private int drain() {
        int n = 0;
        for (ByteBuf b; (b = netty.readOutbound()) != null; ) {
            n += b.readableBytes();
            b.release();
        }
        return n;
    }

    /** Checks that both sides write the same plaintext head, apart from field order. */
    public static void main(String[] args) {
        ResponseHeadBenchmark b = new ResponseHeadBenchmark();
        b.setUp();
        b.loomicornPlaintextHead();
        System.out.print(new String(b.out.toByteArray(), StandardCharsets.ISO_8859_1));
        b.tearDown();
    }
}
