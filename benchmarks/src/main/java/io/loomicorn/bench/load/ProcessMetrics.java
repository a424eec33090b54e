package io.loomicorn.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a process's CPU time and resident memory from Linux's {@code /proc}:
 * {@code utime + stime} of {@code /proc/<pid>/stat} (every thread of the process, in
 * clock ticks), {@code VmRSS} of {@code /proc/<pid>/status} and {@code Pss} of
 * {@code /proc/<pid>/smaps_rollup}.
 */
public final class ProcessMetrics {

    /** Clock ticks per second ({@code getconf CLK_TCK}), the unit of {@code /proc/<pid>/stat}. */
    public static final long TICKS_PER_SECOND = clockTicks();

    private ProcessMetrics() {
    }

    /**
     * One process at one moment.
     *
     * @param pid      the process id
     * @param role     {@code master}, {@code worker} or {@code server}
     * @param cpuTicks user + system CPU time so far, in clock ticks
     * @param rssKib   resident set size in KiB
     */
    public record Sample(long pid, String role, long cpuTicks, long rssKib) {
    }

    /**
     * Samples a process, or returns null when it has gone.
     *
     * @param pid  the process id
     * @param role its role, copied into the sample
     * @return the sample, or null
     */
    public static Sample sample(long pid, String role) {
        OptionalLong ticks = cpuTicks(pid);
        OptionalLong rss = rssKib(pid);
        if (ticks.isEmpty() || rss.isEmpty()) {
            return null;
        }
        return new Sample(pid, role, ticks.getAsLong(), rss.getAsLong());
    }

    /**
     * Returns {@code utime + stime} of a process in clock ticks.
     *
     * @param pid the process id
     * @return the ticks, or empty when the process is gone
     */
    public static OptionalLong cpuTicks(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(statTicks(stat));
    }

    /**
     * Returns {@code utime + stime} of a {@code /proc} stat line, a process's or a thread's.
     *
     * @param stat the line of {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}
     * @return the clock ticks
     */
    public static long statTicks(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces: split after it.
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // After the name, field 3 (state) is f[0]; utime is field 14 and stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * Returns the command name of a {@code /proc} stat line (field 2, without its parentheses):
     * a thread's name, as {@code C2 CompilerThre}, cut to 15 characters by the kernel.
     *
     * @param stat the line of {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}
     * @return the name
     */
    public static String statName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /**
     * Returns a process and every process below it (a Loomicorn master and its workers).
     *
     * @param root the process
     * @return the root first, then its descendants
     */
    public static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /**
     * Returns a process's {@code VmRSS} in KiB.
     *
     * @param pid the process id
     * @return the KiB, or empty when the process is gone
     */
    public static OptionalLong rssKib(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return OptionalLong.empty();
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return OptionalLong.of(Long.parseLong(line.substring(6).trim().split("\\s+")[0]));
            }
        }
        return OptionalLong.of(0); // a zombie has no VmRSS line
    }

    /**
     * Returns a process's proportional set size in KiB ({@code Pss} of
     * {@code /proc/<pid>/smaps_rollup}): each shared page counted in part, as a share of the
     * processes that map it, so that an AOT cache or class data shared by workers counts once.
     *
     * @param pid the process id
     * @return the size, or empty when the process is gone
     */
    public static OptionalLong pssKib(long pid) {
        String rollup = read(Path.of("/proc", Long.toString(pid), "smaps_rollup"));
        if (rollup == null) {
            return OptionalLong.empty();
        }
        for (String line : rollup.split("\n")) {
            if (line.startsWith("Pss:")) {
                return OptionalLong.of(Long.parseLong(line.substring(4).trim().split("\\s+")[0]));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Returns how many bytes a process has read so far ({@code rchar} of
     * {@code /proc/<pid>/io}), or -1.
     *
     * @param pid the process id
     * @return the bytes, or -1 when unreadable
     */
    public static long bytesRead(long pid) {
        String io = read(Path.of("/proc", Long.toString(pid), "io"));
        if (io != null) {
            for (String line : io.split("\n")) {
                if (line.startsWith("rchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        }
        return -1;
    }

    /**
     * Sums the CPU ticks of samples.
     *
     * @param samples the samples
     * @return the sum
     */
    public static long totalTicks(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::cpuTicks).sum();
    }

    /**
     * Sums the RSS of samples.
     *
     * @param samples the samples
     * @return the sum in KiB
     */
    public static long totalRssKib(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::rssKib).sum();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            long t = Long.parseLong(out);
            return t > 0 ? t : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
