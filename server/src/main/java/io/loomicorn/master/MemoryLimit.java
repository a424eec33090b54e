package io.loomicorn.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * How much memory this process and its children may use: the cgroup's memory limit (v2
 * {@code memory.max}, or v1 {@code memory.limit_in_bytes}, the lowest along the path to the
 * hierarchy's root, where a container's limit usually sits), or the machine's
 * {@code MemTotal} when it is lower or there is no limit. Workers inherit the master's
 * cgroup, so the limit is theirs together.
 */
final class MemoryLimit {

    private final Path proc;
    private final Path sys;

    /**
     * Reads from other roots than {@code /proc} and {@code /sys/fs/cgroup} (tests).
     *
     * @param proc   stands for {@code /proc}
     * @param cgroup stands for {@code /sys/fs/cgroup}
     */
    MemoryLimit(Path proc, Path cgroup) {
        this.proc = proc;
        this.sys = cgroup;
    }

    /** Reads this machine's files. */
    static MemoryLimit system() {
        return new MemoryLimit(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /**
     * Returns the memory the master and its workers may use together.
     *
     * @return bytes: the lower of the cgroup limit and the machine's memory
     */
    long bytes() {
        long machine = machine().orElse(Long.MAX_VALUE);
        return Math.min(machine, cgroup().orElse(Long.MAX_VALUE));
    }

    /** Tells where the limit comes from, for the log and {@code /status}. */
    String source() {
        OptionalLong cgroup = cgroup();
        return cgroup.isPresent() && cgroup.getAsLong() < machine().orElse(Long.MAX_VALUE) ? "the cgroup's memory limit"
                : "the machine's memory";
    }

    OptionalLong machine() {
        try {
            for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(9).trim().split("\\s+")[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: no figure
        }
        return OptionalLong.empty();
    }

    /** The cgroup's limit: v2 first (the unified line {@code 0::PATH}), then v1's memory controller. */
    OptionalLong cgroup() {
        List<String> lines;
        try {
            lines = Files.readAllLines(proc.resolve("self/cgroup"));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        long lowest = Long.MAX_VALUE;
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                lowest = Math.min(lowest, walk(unifiedMount(), f[2], "memory.max"));
            } else if (List.of(f[1].split(",")).contains("memory")) {
                lowest = Math.min(lowest, walk(sys.resolve("memory"), f[2], "memory.limit_in_bytes"));
            }
        }
        return lowest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(lowest);
    }

    /** cgroup v2 is mounted at {@code /sys/fs/cgroup}, or at {@code /sys/fs/cgroup/unified} in hybrid mode. */
    private Path unifiedMount() {
        Path hybrid = sys.resolve("unified");
        return Files.isRegularFile(hybrid.resolve("cgroup.controllers")) && !Files.isRegularFile(sys.resolve("cgroup.controllers"))
                ? hybrid : sys;
    }

    /**
     * The lowest limit in {@code file} from the process's cgroup up to the mount's root. In
     * a container the mount's root is the container's own cgroup, and the path in
     * {@code /proc/self/cgroup} may not exist below it (a missing file counts as no limit),
     * or lead outside it ({@code /../..}, seen from a cgroup namespace): then the walk
     * reads the mount's root.
     */
    private static long walk(Path mount, String cgroupPath, String file) {
        long lowest = Long.MAX_VALUE;
        Path dir = mount.resolve(cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath).normalize();
        if (!dir.startsWith(mount)) {
            dir = mount; // a cgroup namespace's path from outside the mount: the mount is the container's own
        }
        while (dir.startsWith(mount)) {
            lowest = Math.min(lowest, limit(dir.resolve(file)));
            if (dir.equals(mount)) {
                break;
            }
            dir = dir.getParent();
        }
        return lowest;
    }

    /** A limit file's value: {@code max} (v2) or a huge number (v1: no limit) count as none. */
    private static long limit(Path file) {
        try {
            String text = Files.readString(file).trim();
            if (text.equals("max")) {
                return Long.MAX_VALUE;
            }
            long value = Long.parseLong(text);
            // cgroup v1 writes "no limit" as LONG_MAX rounded down to a page.
            return value >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : value;
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
