package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Listening sockets the master inherits instead of binding: {@code fd://N}, and systemd's
 * socket activation ({@code LISTEN_FDS}, {@code LISTEN_PID}). A small Python launcher plays
 * systemd: it binds a socket on loopback, puts it on descriptor 3, and execs the master.
 */
class InheritedSocketsIT {

    private static final String LAUNCHER = """
            import os, socket, sys
            mode = sys.argv[1]
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", 0))
            s.listen(64)
            print("launcher bound port", s.getsockname()[1], flush=True)
            os.dup2(s.fileno(), 3)
            os.set_inheritable(3, True)
            if mode == "systemd":
                os.environ["LISTEN_FDS"] = "1"
                os.environ["LISTEN_PID"] = str(os.getpid())
            os.execvp(sys.argv[2], sys.argv[2:])
            """;

    private static String python;

    @BeforeAll
    static void findPython() {
        python = List.of("/usr/bin/python3", "/usr/local/bin/python3").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseGet(() -> System.getenv("PATH") == null ? null : List.of(System.getenv("PATH").split(":"))
                        .stream().map(d -> Path.of(d, "python3")).filter(Files::isExecutable).map(Path::toString)
                        .findFirst().orElse(null));
        if (python == null) {
            fail("python3 is needed to pass an inherited socket to the master in this test");
        }
    }

    @Test
    void fdBindAdoptsAnInheritedListener() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.startVia(List.of(python, "-c", LAUNCHER, "fd"),
                "-w", "2", "-b", "fd://3", "io.loomicorn.examples.DemoApp")) {
            assertServesOnTheLaunchersPort(m);
        }
    }

    @Test
    void systemdSocketActivationReplacesTheConfiguredBinds() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.startVia(List.of(python, "-c", LAUNCHER, "systemd"),
                "-b", "127.0.0.1:1", "io.loomicorn.examples.DemoApp")) {
            assertServesOnTheLaunchersPort(m);
            assertThat(m.log()).doesNotContain("127.0.0.1:1 ");
        }
    }

    private static void assertServesOnTheLaunchersPort(LoomicornProcess m) throws Exception {
        int port = m.awaitPort();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!m.stdout().contains("launcher bound port") && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        assertThat(m.stdout()).contains("launcher bound port " + port);
        m.awaitWorkers(1);
        assertThat(MasterIT.withRetry(() -> get(port, "/")).text()).isEqualTo("Hello, World!");
    }
}
