package io.loomicorn.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A memory cgroup of a test's own (v2 where the memory controller is there, else v1; root
 * only): a process joins it by writing its pid to {@link #procs()}, and {@link #remove()}
 * kills what is left in it, by pid, and deletes it.
 */
record MemoryCgroup(Path path, boolean v2) {

    /**
     * Creates one with {@code limit} bytes and no swap, or returns null when that is not
     * possible here (not root, no memory controller).
     */
    static MemoryCgroup create(long limit) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return null;
        }
        String name = "loomicorn-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path v2 = Path.of("/sys/fs/cgroup");
        if (Files.exists(v2.resolve("cgroup.controllers")) && Files.readString(v2.resolve("cgroup.controllers")).contains("memory")) {
            if (!Files.readString(v2.resolve("cgroup.subtree_control")).contains("memory")) {
                Files.writeString(v2.resolve("cgroup.subtree_control"), "+memory");
            }
            Path p = Files.createDirectory(v2.resolve(name));
            Files.writeString(p.resolve("memory.max"), Long.toString(limit));
            Files.writeString(p.resolve("memory.swap.max"), "0");
            return new MemoryCgroup(p, true);
        }
        Path v1 = Path.of("/sys/fs/cgroup/memory");
        if (Files.isWritable(v1) && Files.exists(v1.resolve("memory.limit_in_bytes"))) {
            Path p = Files.createDirectory(v1.resolve(name));
            Files.writeString(p.resolve("memory.limit_in_bytes"), Long.toString(limit));
            return new MemoryCgroup(p, false);
        }
        return null;
    }

    Path procs() {
        return path.resolve("cgroup.procs");
    }

    /** The kernel's count of OOM kills in this cgroup ({@code oom_kill} of memory.events or memory.oom_control). */
    long oomKills() throws IOException {
        String file = v2 ? "memory.events" : "memory.oom_control";
        for (String line : Files.readAllLines(path.resolve(file))) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring(9).trim());
            }
        }
        throw new AssertionError(file + " has no oom_kill line");
    }

    /** Kills what is left in it (by pid) and removes it. */
    void remove() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> pids = Files.readAllLines(procs()).stream().filter(s -> !s.isBlank()).toList();
            if (pids.isEmpty()) {
                Files.delete(path);
                return;
            }
            for (String pid : pids) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the cgroup " + path + " still holds processes");
    }
}
