package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code user}/{@code group}: what the master creates for its workers belongs to the
 * workers' user, as gunicorn chowns them: the Unix socket (so that a proxy in the workers'
 * group can connect under a strict umask) and the log files (so that workers running as
 * that user can reopen them after logrotate).
 */
class OwnershipIT {

    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    void theUnixSocketAndTheLogFilesBelongToTheWorkersUser() throws Exception {
        assumeThat(uid(Path.of("/proc/self"))).as("switching user needs a root master").isZero();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sock = dir.resolve("app.sock");
        Path error = dir.resolve("error.log");
        Path access = dir.resolve("access.log");
        try (LoomicornProcess m = LoomicornProcess.start("-u", "nobody", "--umask", "0077", "-b", "unix:" + sock,
                "--error-logfile", error.toString(), "--access-logfile", access.toString(),
                "io.loomicorn.examples.DemoApp")) {
            LoggingFileWatch.await(error, "Listening at: unix:" + sock);
            LoggingFileWatch.workers(error, 1);
            int group = gidOf("nobody");
            for (Path p : List.of(sock, error, access)) {
                assertThat(uid(p)).as("owner of %s", p).isEqualTo(NOBODY);
                assertThat(gid(p)).as("group of %s", p).isEqualTo(group);
            }
            assertThat(curlAsNobody(sock)).as("a client of the workers' user connects under umask 0077")
                    .isEqualTo("Hello, World!");

            // logrotate without copytruncate: the workers (nobody) must be able to open the new files.
            Files.move(access, dir.resolve("access.log.1"));
            Files.move(error, dir.resolve("error.log.1"));
            m.signal("USR1");
            LoggingFileWatch.await(dir.resolve("error.log.1"), "Handling signal: usr1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(access) && uid(access) == NOBODY) && System.nanoTime() - deadline < 0) {
                Thread.sleep(50);
            }
            assertThat(uid(access)).as("the reopened access log belongs to the workers' user").isEqualTo(NOBODY);
            assertThat(uid(error)).as("the reopened error log belongs to the workers' user").isEqualTo(NOBODY);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(access).contains("\"GET /after-rotation HTTP/1.1\" 404")
                    && System.nanoTime() - deadline < 0) {
                curlAsNobody(sock, "/after-rotation");
                Thread.sleep(200);
            }
            assertThat(Files.readString(access)).contains("\"GET /after-rotation HTTP/1.1\" 404");
            assertThat(Files.readString(error)).doesNotContain("Permission denied");
        }
    }

    private static String curlAsNobody(Path sock) throws Exception {
        return curlAsNobody(sock, "/");
    }

    private static String curlAsNobody(Path sock, String path) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + gidOf("nobody"), "--clear-groups",
                "curl", "-s", "-S", "--max-time", "10", "--unix-socket", sock.toString(), "http://localhost" + path)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static int uid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid");
    }

    private static int gid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:gid");
    }

    private static int gidOf(String user) throws Exception {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f[0].equals(user)) {
                return Integer.parseInt(f[3]);
            }
        }
        throw new AssertionError("no user " + user);
    }
}
