package io.loomicorn.bench.tls;

import io.loomicorn.bench.load.ProcessMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A server's CPU time split by the kind of thread that spent it, from the nanosecond run time
 * of {@code /proc/PID/task/TID/schedstat} (the clock ticks of {@code stat} are too coarse for
 * threads that wake briefly, such as a watchdog): which part of the cost per handshake is the
 * serving itself and which the JVM's or Loomicorn's own machinery, per JVM. Loomicorn's master
 * (the root of its process tree) is a category of its own.
 */
final class ThreadCpu {

    /** The categories, in the order of the table. */
    static final List<String> CATEGORIES = List.of("serving", "JIT", "GC and VM thread", "other threads", "master");

    /** Threads that serve connections: carriers and pollers, event loops, acceptors, pools. */
    private static final List<String> SERVING = List.of("ForkJoinPool", "MasterPoller", "Read-Poller", "Write-Poller",
            "VirtualThread-u", "loomicorn-reac", "loomicorn-acce", "loomicorn-conn", "XNIO-", "qtp");

    /** One thread's name and run time. */
    record Task(String category, long nanos) {
    }

    private ThreadCpu() {
    }

    /** Every thread of the server's process tree, by process and thread id. */
    static Map<String, Task> snapshot(ProcessHandle server) {
        Map<String, Task> tasks = new HashMap<>();
        for (ProcessHandle p : ProcessMetrics.tree(server)) {
            boolean master = p.pid() == server.pid() && server.children().findAny().isPresent();
            try (Stream<Path> list = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path task : list.toList()) {
                    try {
                        String name = ProcessMetrics.statName(Files.readString(task.resolve("stat")));
                        long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                        tasks.put(p.pid() + "/" + task.getFileName(), new Task(master ? "master" : category(name), nanos));
                    } catch (IOException | RuntimeException e) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
        return tasks;
    }

    /** The nanoseconds each category spent between two snapshots (threads that ended in between are lost). */
    static Map<String, Long> since(Map<String, Task> before, Map<String, Task> after) {
        Map<String, Long> spent = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> spent.put(c, 0L));
        after.forEach((id, t) -> {
            Task b = before.get(id);
            spent.merge(t.category(), t.nanos() - (b == null ? 0 : b.nanos()), Long::sum);
        });
        return spent;
    }

    private static String category(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "JIT";
        }
        if (name.startsWith("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC and VM thread"; // the serial collector runs in the VM thread, at a safepoint
        }
        return SERVING.stream().anyMatch(name::startsWith) ? "serving" : "other threads";
    }
}
