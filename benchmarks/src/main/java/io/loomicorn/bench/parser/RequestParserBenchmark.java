package io.loomicorn.bench.parser;

import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Throughput of Loomicorn's request parser against Netty's {@code HttpRequestDecoder} on
 * the same inputs, in the same run. One operation parses a whole {@link ParserInput} (all
 * its requests, bodies read through); the auxiliary counter {@code bytes} reports input
 * bytes per second. What each side touches is described in {@link ParserRunner}; compare
 * {@code loomicornAllStrings} with {@code netty} for like-for-like work. Run with
 * {@code -prof gc} for {@code gc.alloc.rate.norm} (bytes allocated per operation).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RequestParserBenchmark {

    /** The input of the run. */
    @Param({"MINIMAL_GET", "BROWSER_GET", "POST_JSON_1K", "CHUNKED_16K", "PIPELINED_16"})
    public ParserInput input;

    private ParserRunner runner;

    /** Input bytes processed, reported by JMH as bytes per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        /** Input bytes of the operations of this iteration. */
        public long bytes;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
        }
    }

    /** Prepares both parsers and checks that they parse the input as valid. */
    @Setup(Level.Trial)
    public void setUp() {
        runner = new ParserRunner(input);
        runner.verify(input, line -> { });
    }

    /** Releases Netty's channel. */
    @TearDown(Level.Trial)
    public void tearDown() {
        runner.close();
    }

    /** Loomicorn, reading only method, path, query, Host, header count and keep-alive. */
    @Benchmark
    public long loomicornLazy(Blackhole bh, Bytes counter) {
        counter.bytes += runner.length();
        return runner.loomicornLazy(bh);
    }

    /** Loomicorn, materialising every String like Netty does. */
    @Benchmark
    public long loomicornAllStrings(Blackhole bh, Bytes counter) {
        counter.bytes += runner.length();
        return runner.loomicornAllStrings(bh);
    }

    /** Netty's HttpRequestDecoder in an EmbeddedChannel. */
    @Benchmark
    public long netty(Blackhole bh, Bytes counter) {
        counter.bytes += runner.length();
        return runner.netty(bh);
    }
}
