package io.loomicorn.bench.tls;

import io.loomicorn.bench.load.ProcessMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of the JIT compiler threads ({@code C1 CompilerThread}, {@code C2 CompilerThread})
 * of a server's JVMs, from {@code /proc/PID/task/TID/stat}: what share of a window's CPU went
 * into compiling rather than serving. Under a handshake per request JSSE's large methods reach
 * C2 late (each runs a few times per handshake), and a server of two worker JVMs compiles them
 * twice, each at half the rate; a window still full of compilation does not show the cost per
 * request of a warm server.
 */
final class CompilerTime {

    private CompilerTime() {
    }

    /** Compiler threads' user + system ticks of a process and its descendants, by thread id. */
    static Map<Long, Long> ticks(ProcessHandle server) {
        Map<Long, Long> ticks = new HashMap<>();
        for (ProcessHandle p : ProcessMetrics.tree(server)) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException e) {
                        continue; // the thread ended
                    }
                    String name = ProcessMetrics.statName(stat);
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ticks.put(Long.parseLong(task.getFileName().toString()), ProcessMetrics.statTicks(stat));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
        return ticks;
    }

    /** The ticks spent between two {@link #ticks} readings (threads that ended in between are lost). */
    static long since(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }
}
