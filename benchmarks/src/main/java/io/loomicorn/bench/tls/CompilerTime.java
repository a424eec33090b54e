package io.loomicorn.bench.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(server);
        server.descendants().forEach(tree::add);
        Map<Long, Long> ticks = new HashMap<>();
        for (ProcessHandle p : tree) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException e) {
                        continue; // the thread ended
                    }
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        // After the name: state, then utime and stime are the 12th and 13th fields.
                        String[] f = stat.substring(close + 2).split(" ");
                        ticks.put(Long.parseLong(task.getFileName().toString()),
                                Long.parseLong(f[11]) + Long.parseLong(f[12]));
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
