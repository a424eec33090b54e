package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loomicorn ctl} over the control socket (issue 15, section 4), run as users run it: the
 * launcher's JVM command with {@code ctl ...} as its arguments. Its actions follow the signals' rules.
 */
class ControlSocketIT {

    private static final String DEMO = "io.loomicorn.examples.DemoApp";

    @TempDir
    Path dir;

    private Ops.Run ctl(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("ctl"));
        all.addAll(List.of(args));
        return Ops.run(LoomicornProcess.command(all.toArray(String[]::new)), null);
    }

    @Test
    void statusWorkersAddRemoveReloadReopenAndStopActAsTheSignalsDo() throws Exception {
        Path socket = dir.resolve("loomicorn.ctl");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-w", "2", "--control-socket", socket.toString(),
                DEMO)) {
            int port = m.awaitPort();
            m.awaitWorkers(2);
            MasterIT.withRetry(() -> get(port, "/"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");

            Ops.Run status = ctl("--socket", socket.toString(), "status");
            assertThat(status.code()).isZero();
            assertThat(status.out()).startsWith("master " + m.pid() + ", loomicorn ")
                    .contains("listening: http://127.0.0.1:" + port);
            Ops.await("two workers serving", Duration.ofSeconds(60),
                    () -> assertThat(ctl("--socket", socket.toString(), "status").out()).contains("workers: 2 of 2 serving"));
            Ops.Run workers = ctl("--socket", socket.toString(), "workers");
            assertThat(workers.out().lines().toList()).hasSize(3);
            assertThat(workers.out()).startsWith("SLOT  PID").contains(" ready ");
            for (long pid : m.workerPids()) {
                assertThat(workers.out()).contains(" " + pid + " ");
            }

            Ops.Run add = ctl("--socket", socket.toString(), "add", "2");
            assertThat(add.out()).isEqualTo("4 workers (was 2)\n");
            m.awaitWorkers(4);
            assertThat(m.log()).contains("Control socket: add 2");

            assertThat(ctl("--socket", socket.toString(), "remove", "3").out()).isEqualTo("1 worker (was 4)\n");
            assertThat(ctl("--socket", socket.toString(), "remove").out())
                    .isEqualTo("1 worker (was 1); the master keeps at least one\n");

            Ops.Run reopen = ctl("--socket", socket.toString(), "reopen-logs");
            assertThat(reopen.code()).isZero();
            assertThat(reopen.out()).isEqualTo("log files reopened, by the master and every worker\n");

            int before = m.workerPids().size();
            Ops.Run reload = ctl("--socket", socket.toString(), "reload");
            assertThat(reload.code()).isZero();
            assertThat(reload.out()).startsWith("reloading: generation 1 is booting");
            m.awaitWorkers(before + 2); // HUP resets the count to workers = 2

            Ops.Run stop = ctl("--socket", socket.toString(), "stop", "--graceful");
            assertThat(stop.code()).isZero();
            assertThat(stop.out()).isEqualTo("stopping gracefully: workers drain for up to 30 s\n");
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void anUnknownCommandGetsOneLineAndANonZeroExit() throws Exception {
        Path socket = dir.resolve("loomicorn.ctl");
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "-w", "1", "--control-socket", socket.toString(),
                "--control-socket-mode", "0660", DEMO)) {
            m.awaitPort();
            Ops.await("the control socket", Duration.ofSeconds(30), () -> assertThat(socket).exists());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");

            Ops.Run bogus = ctl("--socket", socket.toString(), "restart");
            assertThat(bogus.code()).isEqualTo(1);
            assertThat(bogus.out()).isEmpty();
            assertThat(bogus.err()).isEqualTo("Error: unknown command 'restart'; commands: status, workers, add N, remove N,"
                    + " reload, reopen-logs, stop [--graceful]\n");
            // The master refuses it too, for a client other than loomicorn ctl.
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ch.write(ByteBuffer.wrap("restart now\n".getBytes(StandardCharsets.UTF_8)));
                ByteBuffer answer = ByteBuffer.allocate(1024);
                while (ch.read(answer) >= 0) {
                    // to the end
                }
                assertThat(new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8))
                        .startsWith("ERROR\nunknown command 'restart now'");
            }

            Ops.Run stop = ctl("--socket", socket.toString(), "stop");
            assertThat(stop.out()).isEqualTo("stopping now\n");
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        Ops.Run nobody = ctl("--socket", socket.toString(), "status");
        assertThat(nobody.code()).isEqualTo(2);
        assertThat(nobody.err().lines().toList()).hasSize(1);
        assertThat(nobody.err()).startsWith("Error: no master answers at " + socket);
    }

    @Test
    void theSocketComesFromTheConfigFileWhenNotGiven() throws Exception {
        Path socket = dir.resolve("from-config.ctl");
        Path conf = dir.resolve("loomicorn.conf");
        Files.writeString(conf, "control_socket = \"" + socket + "\"\n");
        try (LoomicornProcess m = LoomicornProcess.start("-c", conf.toString(), "-b", "127.0.0.1:0", "-w", "1", DEMO)) {
            m.awaitPort();
            Ops.await("the control socket", Duration.ofSeconds(30), () -> assertThat(socket).exists());
            Ops.Run status = ctl("-c", conf.toString(), "status");
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.out()).startsWith("master " + m.pid());
        }
    }
}
