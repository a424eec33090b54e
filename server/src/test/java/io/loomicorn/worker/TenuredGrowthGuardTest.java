package io.loomicorn.worker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serial collector under a workload that promotes everything, in child JVMs with a
 * worker's heap options: without the guard the old generation grows with what is
 * allocated, with it a full collection keeps it small.
 */
class TenuredGrowthGuardTest {

    private static final Pattern RESULT = Pattern.compile("tenured (\\d+) full (\\d+)");

    /** Runs {@link PromotingLoad}; returns the old generation's committed MiB and the full collections. */
    private static long[] run(String mode) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-Xms8m", "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), PromotingLoad.class.getName(), mode))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        Matcher m = RESULT.matcher(out);
        assertThat(m.find()).as("the child's output: %s", out).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Test
    void withoutTheGuardTheOldGenerationGrowsWithWhatIsAllocated() throws Exception {
        long[] result = run("plain");
        assertThat(result[0]).as("old generation committed, MiB").isGreaterThan(256);
        assertThat(result[1]).as("full collections").isZero();
    }

    @Test
    void theGuardKeepsTheOldGenerationNearItsThreshold() throws Exception {
        long[] result = run("guard");
        assertThat(result[1]).as("full collections").isPositive();
        assertThat(result[0]).as("old generation committed, MiB").isLessThan(160);
    }
}
