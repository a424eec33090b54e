package io.loomicorn.master;

import io.loomicorn.worker.AppClassPath;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.worker.WorkerHandshake;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK AOT cache of the worker JVMs ({@code aot_cache}).
 *
 * <p>A worker spends most of its boot loading and linking classes: log4j, FFM, the
 * settings, the engine. A JDK AOT cache (JEP 483, built in one step with
 * {@code -XX:AOTCacheOutput}, JEP 514) holds those classes already parsed and linked,
 * and roughly halves the time from spawn to serving, which is what matters when a
 * worker is replaced under load.
 *
 * <p>The cache is valid only for the same JDK, class path and JVM options, so its file
 * name carries a hash of them. When it is missing, the master trains it once, in the
 * background: a JVM that boots exactly like a worker (mode {@code train}: settings,
 * logging, worker class, application) without serving, and writes the cache as it exits.
 * Workers spawned meanwhile boot without the cache. A code-change reload names the cache
 * anew from the changed jars, and a cache whose jars changed while it trained is dropped.
 *
 * <p>Every build, JDK or change of worker options names a new cache of about 25 MiB, so
 * {@code aot_cache = auto} keeps the temporary directory from filling up (a development
 * machine here held 415 of them, 11 GB): a master marks the cache it uses (its
 * modification time), and when it trains one it removes the other {@code auto} caches
 * beyond the {@value #KEPT_CACHES} most recently used that no master has used for
 * {@link #UNUSED_FOR}. A worker spawned after its cache was removed boots without one.
 */
final class AotCache {

    private static final long TRAINING_LIMIT_SECONDS = 180;
    /** How many {@code auto} caches a training leaves in the directory, its own included. */
    static final int KEPT_CACHES = 8;
    /** How long an {@code auto} cache beyond those must have gone unused before it is removed. */
    static final Duration UNUSED_FOR = Duration.ofDays(1);
    private static final Pattern AUTO_NAME = Pattern.compile("loomicorn-aot-[0-9a-f]{16}\\.aot");

    private final Path file;
    private final List<String> flags;
    private final String classPath;
    private final String fingerprint;
    private final boolean auto;
    private volatile boolean ready;
    private volatile Process training;
    private volatile Path trainingOutput;

    private AotCache(Path file, List<String> flags, String classPath, String fingerprint, boolean auto) {
        this.file = file;
        this.flags = List.copyOf(flags);
        this.classPath = classPath;
        this.fingerprint = fingerprint;
        this.auto = auto;
        this.ready = Files.isRegularFile(file);
        if (ready && auto) {
            markUsed(file);
        }
    }

    /**
     * Decides where the cache lives for these settings, or that there is none.
     *
     * @param config    the settings
     * @param flags     the worker JVM options, in order
     * @param classPath the worker class path
     * @return the cache, or empty when {@code aot_cache = off} or the class path has a class folder
     */
    static Optional<AotCache> of(Config config, List<String> flags, String classPath) {
        String setting = config.get(Settings.AOT_CACHE);
        if (setting.equals("off")) {
            return Optional.empty();
        }
        List<Path> entries;
        try {
            entries = expand(classPath);
        } catch (NotCacheable e) {
            ServerLog.ERROR.debug("No AOT cache: {}", e.getMessage());
            return Optional.empty();
        }
        String fingerprint = fingerprint(flags, entries);
        if (!setting.equals("auto")) {
            return Optional.of(new AotCache(Path.of(setting).toAbsolutePath(), flags, classPath, fingerprint, false));
        }
        Path dir = Path.of(config.get(Settings.WORKER_TMP_DIR).orElse(System.getProperty("java.io.tmpdir")));
        return Optional.of(new AotCache(dir.resolve("loomicorn-aot-" + fingerprint + ".aot"), flags, classPath,
                fingerprint, true));
    }

    /** Returns the options that make a worker use the cache, or none while it is not ready or once it is gone. */
    List<String> workerFlags() {
        if (ready && !Files.isRegularFile(file)) {
            ready = false;
            ServerLog.ERROR.info("The AOT cache {} is gone; new workers boot without it", file);
        }
        if (!ready) {
            return List.of();
        }
        if (auto) {
            markUsed(file);
        }
        return List.of("-XX:AOTCache=" + file);
    }

    Path file() {
        return file;
    }

    boolean isReady() {
        return ready;
    }

    /**
     * Trains the cache in the background if it is missing.
     *
     * @param spawner the worker spawner
     * @param config  the settings
     */
    void trainIfMissing(WorkerSpawner spawner, Config config) {
        if (ready || training != null) {
            return;
        }
        deleteLeftovers(file);
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        trainingOutput = tmp;
        WorkerJvm trainer;
        try {
            trainer = spawner.spawn(config, List.of(), 0, 0, WorkerHandshake.TRAIN, null,
                    List.of("-XX:AOTCacheOutput=" + tmp), -1, null);
        } catch (IOException e) {
            ServerLog.ERROR.warn("Could not start the AOT cache training JVM: {}", e.getMessage());
            return;
        }
        training = trainer.process();
        ServerLog.ERROR.info("Training the worker AOT cache {} in the background (pid: {})", file, trainer.pid());
        Thread.ofPlatform().daemon().name("loomicorn-aot-training").start(() -> {
            try {
                // The training JVM reports BOOTED, then exits and writes the cache.
                while (trainer.control().readLine() != null) {
                    // nothing to do with its messages
                }
                boolean done = trainer.process().waitFor(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS);
                if (!done) {
                    trainer.process().destroyForcibly();
                }
                if (done && trainer.process().exitValue() == 0 && Files.size(tmp) > 0 && classPathChanged()) {
                    // A jar was replaced while the cache trained: the cache may hold either
                    // version of its classes, so no worker may boot with it.
                    ServerLog.ERROR.info("The class path changed while the AOT cache trained; it is dropped");
                } else if (done && trainer.process().exitValue() == 0 && Files.size(tmp) > 0) {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    ready = true;
                    ServerLog.ERROR.info("AOT cache ready: {} ({} MiB); new workers boot with it", file,
                            Files.size(file) >> 20);
                    if (auto) {
                        pruneOthers(file, Instant.now());
                    }
                } else {
                    ServerLog.ERROR.warn("The AOT cache training JVM failed (exit {}); workers boot without a cache",
                            done ? trainer.process().exitValue() : "timeout");
                }
            } catch (IOException e) {
                ServerLog.ERROR.warn("The AOT cache could not be written: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                trainer.close();
                deleteTemporaryFiles(tmp);
                training = null;
            }
        });
    }

    /**
     * Stops a training JVM that is still running (at master exit), with the JVM it forks to
     * assemble the cache, and removes their temporary files.
     */
    void stop() {
        Process p = training;
        Path tmp = trainingOutput;
        if (p == null || tmp == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTemporaryFiles(tmp);
    }

    private static void deleteTemporaryFiles(Path tmp) {
        deleteQuietly(tmp);
        deleteQuietly(tmp.resolveSibling(tmp.getFileName() + ".config"));
    }

    /**
     * Removes the temporary files of trainings whose master died before cleaning up
     * ({@code NAME.aot.PID.tmp} and {@code NAME.aot.PID.tmp.config}, PID no longer alive).
     */
    static void deleteLeftovers(Path file) {
        Pattern temporary = Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.(\\d+)\\.tmp(\\.config)?");
        try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
            siblings.forEach(p -> {
                Matcher m = temporary.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    deleteQuietly(p);
                }
            });
        } catch (IOException e) {
            // leftovers do no harm
        }
    }

    /**
     * Removes the other {@code auto} caches of {@code file}'s directory beyond the {@value
     * #KEPT_CACHES} most recently used (the one in {@code file} counts as one) that have gone
     * unused for {@link #UNUSED_FOR}.
     */
    static void pruneOthers(Path file, Instant now) {
        List<Path> others;
        try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
            others = siblings.filter(p -> AUTO_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !p.getFileName().equals(file.getFileName()))
                    .sorted(Comparator.comparing(AotCache::lastUsed).reversed())
                    .toList();
        } catch (IOException e) {
            return; // the caches stay; nothing else depends on this
        }
        FileTime unusedSince = FileTime.from(now.minus(UNUSED_FOR));
        int removed = 0;
        for (Path p : others.subList(Math.min(others.size(), KEPT_CACHES - 1), others.size())) {
            if (lastUsed(p).compareTo(unusedSince) < 0) {
                deleteQuietly(p);
                removed++;
            }
        }
        if (removed > 0) {
            ServerLog.ERROR.info("Removed {} AOT caches of other builds unused for {} h", removed, UNUSED_FOR.toHours());
        }
    }

    private static FileTime lastUsed(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void markUsed(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // another user's cache in a shared directory: it is only used, never pruned by this master
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary file does no harm
        }
    }

    /** Whether a jar of the class path differs (size, modification time) from when this cache was named. */
    private boolean classPathChanged() {
        try {
            return !fingerprint(flags, expand(classPath)).equals(fingerprint);
        } catch (NotCacheable e) {
            return true;
        }
    }

    private static final class NotCacheable extends Exception {
        NotCacheable(String message) {
            super(message);
        }
    }

    /** The class path as files, with {@code dir/*} expanded as everywhere else ({@link AppClassPath}). */
    private static List<Path> expand(String classPath) throws NotCacheable {
        List<Path> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (AppClassPath.isWildcard(entry)) {
                Path dir = AppClassPath.wildcardDirectory(entry);
                if (!Files.isDirectory(dir)) {
                    throw new NotCacheable("cannot list " + dir);
                }
                entries.addAll(AppClassPath.jarsIn(dir));
                continue;
            }
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                try (Stream<Path> children = Files.list(p)) {
                    if (children.findAny().isPresent()) {
                        throw new NotCacheable("the class path has a class folder, " + p);
                    }
                } catch (IOException e) {
                    throw new NotCacheable("cannot list " + p);
                }
            }
            entries.add(p);
        }
        return entries;
    }

    /**
     * The cache's name: a 64-bit FNV-1a hash of the JDK, the options and the jars (path,
     * size, modification time). It only tells caches apart (the JVM itself rejects a cache
     * whose class path or options differ); a {@code MessageDigest} did the same through the
     * security providers, which the master otherwise never sets up.
     */
    static String fingerprint(List<String> flags, List<Path> entries) {
        Fnv64 hash = new Fnv64();
        hash.add(System.getProperty("java.home"));
        hash.add(Runtime.version().toString());
        for (String flag : flags) {
            hash.add(flag);
        }
        for (Path p : entries) {
            hash.add(p.toAbsolutePath().toString());
            try {
                hash.add(Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                hash.add("missing");
            }
        }
        return HexFormat.of().toHexDigits(hash.value);
    }

    /** FNV-1a, 64 bits, over UTF-8 strings each ended by a zero byte. */
    private static final class Fnv64 {
        private long value = 0xcbf29ce484222325L;

        void add(String s) {
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                mix(b);
            }
            mix((byte) 0);
        }

        private void mix(byte b) {
            value = (value ^ (b & 0xff)) * 0x100000001b3L;
        }
    }
}
