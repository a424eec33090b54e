package io.loomicorn.master;

import io.loomicorn.worker.AppClassPath;
import io.loomicorn.logging.ServerLog;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code reload}: watches the application's class path (jars, class folders, and the jars
 * of a {@code DIR/*} entry, expanded on every scan by {@link AppClassPath}) and
 * {@code reload_extra_files} (paths or glob patterns, expanded on every scan), and
 * reports a change once the files have stopped changing, so that a build that writes
 * many files triggers one reload, not fifty.
 *
 * <p>It polls: a scan compares each file's size and modification time with the previous
 * scan's. Polling costs a directory walk a second, needs no per-directory registration,
 * and sees new directories and replaced jars the same way.
 */
final class CodeWatcher {

    private static final long PERIOD_MILLIS = 1000;
    private static final long QUIET_MILLIS = 500;

    private final List<String> classPath;
    private final List<String> patterns;
    private final Queue<MasterEvent> events;
    private volatile boolean running = true;

    CodeWatcher(List<String> classPath, List<String> extraFiles, Queue<MasterEvent> events) {
        this.classPath = List.copyOf(classPath);
        this.patterns = List.copyOf(extraFiles);
        this.events = events;
    }

    void start() {
        ServerLog.ERROR.warn("Reloader is on. Use in development only!");
        Thread.ofPlatform().daemon().name("loomicorn-reloader").start(this::watch);
    }

    void stop() {
        running = false;
    }

    private void watch() {
        Map<Path, String> last = scan();
        while (running) {
            sleep(PERIOD_MILLIS);
            Map<Path, String> now = scan();
            if (now.equals(last)) {
                continue;
            }
            // Wait for the writer to finish: the files must look the same twice in a row.
            Map<Path, String> settled = now;
            do {
                now = settled;
                sleep(QUIET_MILLIS);
                settled = scan();
            } while (!settled.equals(now) && running);
            Path changed = firstDifference(last, settled);
            last = settled;
            events.add(new MasterEvent.CodeChanged(changed));
        }
    }

    /** Every watched file with its size and modification time. */
    Map<Path, String> scan() {
        Map<Path, String> files = new TreeMap<>();
        for (String entry : classPath) {
            if (AppClassPath.isWildcard(entry)) {
                Path dir = AppClassPath.wildcardDirectory(entry).toAbsolutePath();
                if (!Files.isDirectory(dir)) {
                    files.put(dir, "missing");
                }
                for (Path jar : AppClassPath.jarsIn(dir)) {
                    walk(jar, files);
                }
            } else {
                walk(Path.of(entry).toAbsolutePath(), files);
            }
        }
        for (Path p : expand(patterns)) {
            walk(p, files);
        }
        return files;
    }

    private static void walk(Path root, Map<Path, String> files) {
        if (!Files.exists(root)) {
            files.put(root, "missing");
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        files.put(p, a.size() + "@" + a.lastModifiedTime().toMillis());
                    }
                } catch (IOException e) {
                    files.put(p, "unreadable");
                }
            });
        } catch (IOException | RuntimeException e) {
            files.put(root, "unreadable");
        }
    }

    /** Expands glob patterns ({@code src/**}{@code /*.conf}) against the file system; plain paths pass through. */
    static List<Path> expand(List<String> patterns) {
        List<Path> paths = new ArrayList<>();
        for (String pattern : patterns) {
            if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[") && !pattern.contains("{")) {
                paths.add(Path.of(pattern).toAbsolutePath());
                continue;
            }
            Path base = Path.of(pattern.substring(0, globStart(pattern))).toAbsolutePath();
            Path dir = Files.isDirectory(base) ? base : base.getParent();
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher(
                    "glob:" + Path.of(pattern).toAbsolutePath());
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                all.filter(matcher::matches).forEach(paths::add);
            } catch (IOException e) {
                // an unreadable directory simply matches nothing this time
            }
        }
        return paths;
    }

    private static int globStart(String pattern) {
        int i = 0;
        while (i < pattern.length() && "*?[{".indexOf(pattern.charAt(i)) < 0) {
            i++;
        }
        int slash = pattern.lastIndexOf('/', i);
        return slash < 0 ? 0 : slash + 1;
    }

    private static Path firstDifference(Map<Path, String> before, Map<Path, String> after) {
        for (Map.Entry<Path, String> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                return e.getKey();
            }
        }
        for (Path p : before.keySet()) {
            if (!after.containsKey(p)) {
                return p;
            }
        }
        return after.isEmpty() ? Path.of(".") : after.keySet().iterator().next();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
