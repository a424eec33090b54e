package io.loomicorn.metrics;

import io.loomicorn.logging.ServerLog;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The master's side of applications' metrics ({@code io.loomicorn.app.AppMetrics}): at
 * scrape time it asks one serving worker per slot for its text, over that worker's Unix
 * socket in a private directory, and merges the answers with {@code worker="<slot>"}
 * ({@link AppMetricsText}).
 *
 * <p>All workers are asked at once, each on a virtual thread; whatever has not answered
 * within {@value #TIMEOUT_MILLIS} ms is left out of this scrape (the connection is closed),
 * so a stuck worker delays {@code /metrics} by that second at most and never breaks it. A
 * worker's text that is left out counts in {@code loomicorn_app_metrics_dropped_total} by
 * reason, and the first time per worker and reason the error log says why.
 */
public final class AppMetricsCollector {

    static final long TIMEOUT_MILLIS = 1000;
    /** Larger answers are refused: 16 MiB is some 100,000 series. */
    static final int MAX_BYTES = 16 << 20;

    /** Why a worker's text was left out of a scrape. */
    enum Drop {
        /** No answer within the timeout. */
        TIMEOUT,
        /** Not the text format, or against its rules ({@link AppMetricsText}). */
        INVALID,
        /** The socket could not be reached or broke. */
        ERROR;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final long pid;
    private final AtomicLongArray dropped = new AtomicLongArray(Drop.values().length);
    private final Set<String> logged = new HashSet<>();
    private volatile Path directory;

    /**
     * Creates a collector that asks no worker until {@link #enable} (the admin endpoint is
     * opt-in: a master without one makes no directory).
     *
     * @param pid the master's pid, in the directory's name
     */
    public AppMetricsCollector(long pid) {
        this.pid = pid;
    }

    /**
     * Creates the private directory of the workers' sockets, {@code loomicorn-<pid>-app-metrics}
     * (mode 0700, owned by the workers' user when they switch to one); the workers started
     * from now on serve their metrics there. Once is enough; later calls do nothing.
     *
     * @param parent   {@code worker_tmp_dir}, or the temporary directory
     * @param identity the workers' uid and gid, or null
     * @throws IOException if the directory cannot be made
     */
    public synchronized void enable(Path parent, int[] identity) throws IOException {
        if (directory != null) {
            return;
        }
        Path dir = parent.resolve("loomicorn-" + pid + "-app-metrics");
        if (Files.isDirectory(dir)) {
            clear(dir); // a pid reused after a kill -9
        } else {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (identity != null) {
            Files.setAttribute(dir, "unix:uid", identity[0]);
            Files.setAttribute(dir, "unix:gid", identity[1]);
        }
        directory = dir;
    }

    /**
     * Returns where the worker of a given age serves its metrics, or null when no
     * worker is asked.
     *
     * @param age the worker's spawn counter
     */
    public Path socket(int age) {
        Path dir = directory;
        return dir == null ? null : dir.resolve(age + ".sock");
    }

    /** Removes the socket of a worker that exited (it removes it itself when it can). */
    public void forget(int age) {
        if (socket(age) != null) {
            try {
                Files.deleteIfExists(socket(age));
            } catch (IOException e) {
                ServerLog.ERROR.debug("Could not remove {}: {}", socket(age), e.getMessage());
            }
        }
    }

    /** Removes the directory, when the master exits. */
    public synchronized void close() {
        if (directory != null) {
            try {
                clear(directory);
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                ServerLog.ERROR.debug("Could not remove {}: {}", directory, e.getMessage());
            }
        }
    }

    /** Returns how many workers' texts were left out, by {@link Drop}. */
    long dropped(Drop reason) {
        return dropped.get(reason.ordinal());
    }

    /**
     * Asks one serving worker per slot (the youngest, while a replacement and the worker
     * it replaces both serve) and merges their texts.
     *
     * @param workers the live workers
     * @return the merged text, possibly empty
     */
    synchronized String collect(List<MasterView.Worker> workers) {
        if (directory == null) {
            return "";
        }
        Map<Integer, MasterView.Worker> bySlot = new HashMap<>();
        for (MasterView.Worker w : workers) {
            if (w.serving()) {
                bySlot.merge(w.slot(), w, (a, b) -> a.age() >= b.age() ? a : b);
            }
        }
        List<MasterView.Worker> asked = new ArrayList<>(bySlot.values());
        asked.sort(java.util.Comparator.comparingInt(MasterView.Worker::slot));
        List<CompletableFuture<String>> answers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (MasterView.Worker w : asked) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            Path socket = socket(w.age());
            threads.add(Thread.ofVirtual().name("loomicorn-app-metrics-" + w.slot()).start(() -> {
                try {
                    answer.complete(read(socket));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            }));
            answers.add(answer);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        AppMetricsText merged = new AppMetricsText();
        Set<String> live = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            MasterView.Worker w = asked.get(i);
            live.add(w.pid() + "");
            String text;
            try {
                text = answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                threads.get(i).interrupt(); // closes its channel
                drop(w, Drop.TIMEOUT, "no answer within " + TIMEOUT_MILLIS + " ms");
                continue;
            } catch (ExecutionException e) {
                drop(w, Drop.ERROR, e.getCause().getMessage());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                merged.add(text, w.slot());
            } catch (AppMetricsText.Invalid e) {
                drop(w, Drop.INVALID, "not valid Prometheus text: " + e.getMessage());
            }
        }
        logged.removeIf(key -> !live.contains(key.substring(0, key.indexOf(' '))));
        StringBuilder out = new StringBuilder();
        merged.writeTo(out);
        return out.toString();
    }

    private void drop(MasterView.Worker w, Drop reason, String why) {
        dropped.incrementAndGet(reason.ordinal());
        if (logged.add(w.pid() + " " + reason)) {
            ServerLog.ERROR.warn("Application metrics of worker {} (slot {}) left out of /metrics: {}",
                    w.pid(), w.slot(), why);
        }
    }

    private static String read(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return ""; // started before the admin endpoint was (HUP), or its bind failed: it said why
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (ch.read(buf) >= 0) {
                if (all.size() + buf.position() > MAX_BYTES) {
                    throw new IOException("the answer is larger than " + (MAX_BYTES >> 20) + " MiB");
                }
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static void clear(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
