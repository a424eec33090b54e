package io.loomicorn.bench.parser;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * A companion to {@link RequestParserBenchmark} for shared, noisy machines: it runs the same
 * {@link ParserRunner} operations, but alternates the three variants in short slices (40 ms
 * by default, order rotated each round) and measures the thread's CPU time, so a change of
 * machine load affects all three alike. JMH runs benchmarks one after the other, minutes
 * apart, and on a loaded 2-vCPU box its ratios drift with the load; this tool reports the
 * median and interquartile range of the per-round ratios instead.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.loomicorn.bench.parser.InterleavedComparison [rounds] [sliceMillis]}.
 * It prints a Markdown table. Not a replacement for JMH (no forks, no dead-code
 * protection beyond the Blackhole, one JIT profile shared by the variants).
 */
public final class InterleavedComparison {

    private interface Variant {
        long run(ParserRunner r, Blackhole bh);
    }

    private static final String[] NAMES = {"loomicornLazy", "loomicornAllStrings", "netty"};
    private static final Variant[] VARIANTS = {ParserRunner::loomicornLazy, ParserRunner::loomicornAllStrings, ParserRunner::netty};

    private InterleavedComparison() {
    }

    /**
     * Runs the comparison.
     *
     * @param args optional: number of rounds (default 40), slice in milliseconds (default 40)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long slice = (args.length > 1 ? Long.parseLong(args[1]) : 40) * 1_000_000L;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.println("| input | variant | median ns/op (CPU) | IQR ns/op | Netty / variant, median of rounds | IQR of ratio |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (ParserInput input : ParserInput.values()) {
            ParserRunner runner = new ParserRunner(input);
            runner.verify(input, line -> { });
            double[][] ns = new double[VARIANTS.length][rounds];
            for (int round = -5; round < rounds; round++) {
                for (int j = 0; j < VARIANTS.length; j++) {
                    int k = (j + Math.max(round, 0)) % VARIANTS.length;
                    long ops = 0;
                    long wall0 = System.nanoTime();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    do {
                        for (int i = 0; i < 20; i++) {
                            VARIANTS[k].run(runner, bh);
                        }
                        ops += 20;
                    } while (System.nanoTime() - wall0 < slice);
                    if (round >= 0) {
                        ns[k][round] = (mx.getCurrentThreadCpuTime() - cpu0) / (double) ops;
                    }
                }
            }
            int netty = VARIANTS.length - 1;
            for (int k = 0; k < VARIANTS.length; k++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = ns[netty][r] / ns[k][r];
                }
                double[] sorted = ns[k].clone();
                Arrays.sort(sorted);
                Arrays.sort(ratio);
                System.out.println(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f..%.0f | %.2fx | %.2f..%.2f |",
                        input, NAMES[k], sorted[rounds / 2], sorted[rounds / 4], sorted[3 * rounds / 4],
                        ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]));
            }
            runner.close();
        }
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }
}
