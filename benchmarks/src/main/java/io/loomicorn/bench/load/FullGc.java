package io.loomicorn.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>It also reads the live heap ({@code jcmd <pid> GC.class_histogram}, itself after a full
 * collection): RSS follows the heap a collector committed, which can be twice what lives
 * in it (the serial collector keeps what a burst of connections made it commit), so the
 * two figures side by side tell the objects a connection holds from the collector's
 * sizing.
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

    /**
     * Returns the bytes of live objects in the heaps of the JVMs together, from each one's
     * class histogram (the {@code Total} line), or -1 if a {@code jcmd} failed.
     *
     * @param pids  the JVMs
     * @param limit the longest wait for each
     * @return the live bytes, or -1
     * @throws InterruptedException if interrupted
     */
    static long liveHeapBytes(List<Long> pids, Duration limit) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        long total = 0;
        for (long pid : pids) {
            Path out = null;
            Process p = null;
            try {
                out = Files.createTempFile("loomicorn-histogram", ".txt");
                p = ChildProcesses.get().track(new ProcessBuilder(jcmd.toString(), Long.toString(pid),
                        "GC.class_histogram").redirectErrorStream(true).redirectOutput(out.toFile()).start());
                if (!p.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS) || p.exitValue() != 0) {
                    return -1;
                }
                long bytes = totalLine(Files.readString(out, StandardCharsets.UTF_8));
                if (bytes < 0) {
                    return -1;
                }
                total += bytes;
            } catch (IOException e) {
                return -1;
            } finally {
                if (p != null) {
                    ChildProcesses.get().stop(p.toHandle(), Duration.ZERO);
                }
                if (out != null) {
                    try {
                        Files.deleteIfExists(out);
                    } catch (IOException e) {
                        // a temporary file left behind
                    }
                }
            }
        }
        return total;
    }

    /** The bytes of a class histogram's last line, {@code Total  <instances>  <bytes>}; -1 if none. */
    static long totalLine(String histogram) {
        return histogram.lines()
                .map(String::trim)
                .filter(l -> l.startsWith("Total"))
                .map(l -> l.split("\\s+"))
                .filter(f -> f.length == 3)
                .mapToLong(f -> Long.parseLong(f[2]))
                .reduce((a, b) -> b)
                .orElse(-1);
    }
}
