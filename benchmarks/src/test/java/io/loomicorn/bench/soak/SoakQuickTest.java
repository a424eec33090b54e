package io.loomicorn.bench.soak;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's soak, one minute per worker class, in CI: keep-alive clients that never retry,
 * max_requests recycling all along, HUP and TTIN/TTOU at random every 10-20 s, no SIGKILL.
 * Not one request may fail. {@code benchmarks/soak.sh --faults hup,ttin --zero-failures}
 * runs the ten-minute version.
 */
@Tag("slow")
class SoakQuickTest {

    @ParameterizedTest
    @ValueSource(strings = {"vthread", "reactor"})
    void aMinuteOfHupsRecyclingAndScalingFailsNoRequest(String workerClass) throws Exception {
        Path root = Path.of(System.getProperty("loomicorn.projectRoot", ".."));
        Path lib = root.resolve("distribution/target/loomicorn/lib");
        assertThat(lib).as("the assembled distribution").isDirectory();
        Soak.Result r = new Soak().run(Soak.options("--lib", lib.toString(), "-k", workerClass, "--minutes", "1",
                "--clients", "16", "--faults", "hup,ttin", "--seed", "19"));
        assertThat(r.masterAlive()).isTrue();
        assertThat(r.ok()).as("requests served").isGreaterThan(1_000);
        assertThat(r.faults()).as("faults injected").isNotEmpty();
        assertThat(r.failed()).as("failures by cause: %s", r.failures()).isZero();
    }
}
