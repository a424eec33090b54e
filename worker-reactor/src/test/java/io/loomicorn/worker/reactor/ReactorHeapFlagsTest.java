package io.loomicorn.worker.reactor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactor worker's JVM gives back, at its next full collection, the heap a burst made it
 * commit ({@link ReactorWorkerFactory#HEAP_FLAGS}); a JVM with a worker's collector and
 * initial heap but without them keeps it.
 */
class ReactorHeapFlagsTest {

    @Test
    void aReactorWorkerJvmGivesBackTheHeapABurstGrewAtItsNextFullCollection() throws Exception {
        List<String> flags = new ReactorWorkerFactory().workerJvmArgs(null);

        assertThat(committedAfterBurst(flags)).as("MiB committed after 64 MiB came and went, with %s", flags)
                .isLessThan(24);
        assertThat(committedAfterBurst(List.of())).as("MiB committed after the same burst, without them")
                .isGreaterThanOrEqualTo(24);
    }

    /** Runs {@link HeapAfterBurst} with a worker's collector and initial heap, plus {@code flags}. */
    private static int committedAfterBurst(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xms8m"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapAfterBurst.class.getName(), "64"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Integer.parseInt(out.lines().filter(l -> l.startsWith("committed ")).findFirst()
                .orElseThrow(() -> new AssertionError(out)).substring("committed ".length()));
    }
}
