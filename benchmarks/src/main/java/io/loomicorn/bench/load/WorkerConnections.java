package io.loomicorn.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts the established TCP connections on a server port that each process holds, from
 * {@code /proc/net/tcp}, {@code /proc/net/tcp6} and the processes' descriptors: how the
 * kernel and the workers' accept loops spread a load's connections (issue 17, goal 5).
 */
final class WorkerConnections {

    private static final String ESTABLISHED = "01";

    private WorkerConnections() {
    }

    /**
     * Counts, for each process, its established connections whose local port is {@code port}.
     *
     * @param pids the processes, in the order of the result
     * @param port the server's port
     * @return one count per process (0 for a process that has gone)
     */
    static List<Integer> count(List<Long> pids, int port) {
        Set<String> sockets = new HashSet<>();
        sockets.addAll(establishedInodes(Path.of("/proc/net/tcp"), port));
        sockets.addAll(establishedInodes(Path.of("/proc/net/tcp6"), port));
        List<Integer> counts = new ArrayList<>();
        for (long pid : pids) {
            counts.add(held(pid, sockets));
        }
        return counts;
    }

    /**
     * The socket inodes of a {@code /proc/net/tcp}-format table's established connections
     * on a local port.
     */
    static Set<String> establishedInodes(Path table, int port) {
        Set<String> inodes = new HashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return inodes; // no IPv6, or no /proc
        }
        String localPort = String.format(":%04X", port);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].endsWith(localPort) && f[3].equals(ESTABLISHED)) {
                inodes.add(f[9]);
            }
        }
        return inodes;
    }

    private static int held(long pid, Set<String> sockets) {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (target.startsWith("socket:[") && sockets.contains(target.substring(8, target.length() - 1))) {
                    n++;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }
}
