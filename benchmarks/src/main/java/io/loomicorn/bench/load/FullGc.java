package io.loomicorn.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks server JVMs for a full garbage collection ({@code jcmd <pid> GC.run}), so that
 * their RSS reflects live memory. The idle-connection scenario does this before and after
 * opening its connections: otherwise new connections fill heap pages the JVM had already
 * touched, and the RSS growth per connection reads as nearly zero.
 */
final class FullGc {

    private FullGc() {
    }

    /**
     * Collects in every process at once and waits for all of them.
     *
     * @param pids  the JVMs
     * @param limit the longest wait
     * @return whether every {@code jcmd} succeeded
     * @throws InterruptedException if interrupted
     */
    static boolean collect(List<Long> pids, Duration limit) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        List<Process> running = new ArrayList<>();
        try {
            for (long pid : pids) {
                running.add(ChildProcesses.get().track(new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start()));
            }
        } catch (IOException e) {
            running.forEach(p -> ChildProcesses.get().stop(p.toHandle(), Duration.ZERO));
            return false;
        }
        boolean ok = true;
        long deadline = System.nanoTime() + limit.toNanos();
        for (Process p : running) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!p.waitFor(left, TimeUnit.NANOSECONDS) || p.exitValue() != 0) {
                ok = false;
            }
            ChildProcesses.get().stop(p.toHandle(), Duration.ZERO);
        }
        return ok;
    }
}
