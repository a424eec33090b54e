package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FullGcTest {

    @Test
    void readsTheBytesOfAHistogramsTotalLine() {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         31227        2538456  [B (java.base@25.0.3)
                   2:          2713         330416  java.lang.Class (java.base@25.0.3)
                Total        101928        6372152
                """;
        assertThat(FullGc.totalLine(histogram)).isEqualTo(6_372_152L);
        assertThat(FullGc.totalLine("12345:\ncom.sun.tools.attach.AttachNotSupportedException: no such process\n"))
                .isEqualTo(-1);
    }

    /** Two real JVMs, one holding 16 MiB more than the other: the live heaps differ by that. */
    @Test
    void measuresTheLiveHeapOfRealJvms() throws Exception {
        Process small = holder(0);
        Process large = holder(16);
        try {
            long a = FullGc.liveHeapBytes(List.of(small.pid()), Duration.ofSeconds(60));
            long b = FullGc.liveHeapBytes(List.of(large.pid()), Duration.ofSeconds(60));
            long both = FullGc.liveHeapBytes(List.of(small.pid(), large.pid()), Duration.ofSeconds(60));
            assertThat(a).isPositive();
            assertThat(b - a).as("16 MiB held").isBetween(15L << 20, 20L << 20);
            assertThat(both).isBetween(a + b - (2L << 20), a + b + (2L << 20));
        } finally {
            small.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            large.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(FullGc.liveHeapBytes(List.of(small.pid()), Duration.ofSeconds(60))).as("a gone JVM").isEqualTo(-1);
    }

    /** Starts a JVM that holds {@code mib} MiB and says so, then waits. */
    private static Process holder(int mib) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), Integer.toString(mib)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("holding " + mib);
        return p;
    }

    /** The child JVM. */
    static final class Holder {

        static byte[][] held;

        public static void main(String[] args) throws InterruptedException {
            int mib = Integer.parseInt(args[0]);
            held = new byte[mib][];
            for (int i = 0; i < mib; i++) {
                held[i] = new byte[1 << 20];
            }
            System.out.println("holding " + mib);
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
