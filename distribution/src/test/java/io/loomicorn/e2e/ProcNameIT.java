package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code proc_name}: {@code ps} tells servers apart, for the master and for its workers. */
class ProcNameIT {

    @Test
    void theNameIsTheMastersProcessNameAndOnTheWorkersCommandLine() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-n", "shop-api", "-b", "127.0.0.1:0",
                "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            long worker = m.awaitWorkers(1).getFirst();
            MasterIT.withRetry(() -> get(port, "/"));
            // What ps -e, top and pgrep show.
            assertThat(Files.readString(Path.of("/proc/" + m.pid() + "/comm")).strip()).isEqualTo("shop-api");
            // What ps -f, ps aux and pgrep -f show, near the start so that a narrow terminal keeps it.
            List<String> argv = List.of(Files.readString(Path.of("/proc/" + worker + "/cmdline")).split("\0"));
            assertThat(argv.subList(0, 3)).contains("-Dloomicorn.proc_name=shop-api");
        }
    }

    @Test
    void withoutANameTheWorkersCarryTheApplication() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "io.loomicorn.examples.DemoApp")) {
            m.awaitPort();
            long worker = m.awaitWorkers(1).getFirst();
            String cmdline = Files.readString(Path.of("/proc/" + worker + "/cmdline")).replace('\0', ' ');
            assertThat(cmdline).contains("-Dloomicorn.proc_name=io.loomicorn.examples.DemoApp ");
        }
    }
}
