package io.loomicorn.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many connections wait in a TCP listener's accept queue, as Linux tells it: in
 * {@code /proc/net/tcp} and {@code tcp6}, a listening socket's {@code rx_queue} is its
 * current accept queue (its limit, {@code backlog} capped at {@code somaxconn}, is not
 * there). The row is found by the socket's inode, which {@code /proc/self/fd/N} names.
 * Unix sockets' queues are not in {@code /proc}.
 */
public final class ListenBacklog {

    private ListenBacklog() {
    }

    /**
     * Reads the queues of listening sockets of this process.
     *
     * @param fds the listeners' descriptors
     * @return each descriptor's queue length; a descriptor that is not found is missing
     */
    public static Map<Integer, Long> read(List<Integer> fds) {
        Map<Long, Integer> byInode = new HashMap<>();
        for (int fd : fds) {
            long inode = inode(fd);
            if (inode > 0) {
                byInode.put(inode, fd);
            }
        }
        Map<Integer, Long> queues = new HashMap<>();
        if (byInode.isEmpty()) {
            return queues;
        }
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines) {
                parse(line, byInode, queues);
            }
        }
        return queues;
    }

    /** Reads one row: {@code sl local rem st tx_queue:rx_queue tr:when retrnsmt uid timeout inode ...}. */
    static void parse(String line, Map<Long, Integer> byInode, Map<Integer, Long> out) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[3].equals("0A")) { // 0A: TCP_LISTEN
            return;
        }
        Integer fd;
        try {
            fd = byInode.get(Long.parseLong(f[9]));
        } catch (NumberFormatException e) {
            return;
        }
        int colon = f[4].indexOf(':');
        if (fd == null || colon < 0) {
            return;
        }
        out.put(fd, Long.parseLong(f[4].substring(colon + 1), 16));
    }

    private static long inode(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            if (target.startsWith("socket:[") && target.endsWith("]")) {
                return Long.parseLong(target, 8, target.length() - 1, 10);
            }
        } catch (IOException | RuntimeException e) {
            // not a socket of ours any more
        }
        return -1;
    }
}
