package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessMetricsTest {

    @Test
    void readsThisJvm() {
        long self = ProcessHandle.current().pid();
        long spin = System.nanoTime() + 200_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += x * 31 + 7;
        }
        ProcessMetrics.Sample s = ProcessMetrics.sample(self, "test");
        assertThat(s).isNotNull();
        assertThat(s.cpuTicks()).as("spun %d", x).isPositive();
        assertThat(s.rssKib()).isGreaterThan(10_000);
        assertThat(ProcessMetrics.bytesRead(self)).isPositive();
        assertThat(ProcessMetrics.TICKS_PER_SECOND).isPositive();
    }

    @Test
    void aProcessThatIsGoneHasNoSample() {
        assertThat(ProcessMetrics.sample(Integer.MAX_VALUE, "none")).isNull();
    }
}
