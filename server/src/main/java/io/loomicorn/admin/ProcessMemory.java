package io.loomicorn.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from {@code /proc/PID/status} ({@code VmRSS}). */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /**
     * Reads a process's resident set size.
     *
     * @param pid the process
     * @return bytes, or -1 when the process is gone or {@code /proc} says nothing
     */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }
}
