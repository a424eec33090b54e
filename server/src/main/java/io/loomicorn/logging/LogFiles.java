package io.loomicorn.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The log files this process has open, so that USR1 can reopen every one of them, and
 * the resolution of relative log paths.
 */
final class LogFiles {

    private static final Set<LineAppender> OPEN = new CopyOnWriteArraySet<>();

    private LogFiles() {
    }

    static void register(LineAppender appender) {
        OPEN.add(appender);
    }

    static void unregister(LineAppender appender) {
        OPEN.remove(appender);
    }

    /**
     * Reopens every log file, keeping the old one for any that cannot be opened.
     *
     * @return one message per file that could not be reopened
     */
    static List<String> reopenAll() {
        return OPEN.stream().<String>mapMulti((appender, problems) -> {
            try {
                appender.reopen();
            } catch (IOException e) {
                problems.accept("Cannot reopen " + appender.target().describe() + ": " + e.getMessage());
            }
        }).toList();
    }

    /**
     * Resolves a log path from the settings. The master resolves a relative path against its
     * own working directory. A worker may run elsewhere ({@code chdir}), yet it must write
     * to the master's file (the master already sends the worker's standard error there), so
     * it resolves against the master's working directory, which Linux shows as
     * {@code /proc/<ppid>/cwd}. The worker does this before it switches user.
     *
     * @param setting the path as configured
     * @param role    {@code master} or {@code worker}
     * @return an absolute path
     */
    static Path resolve(String setting, String role) {
        Path p = Path.of(setting);
        if (p.isAbsolute()) {
            return p;
        }
        if (role.equals("worker")) {
            Path base = masterDirectory();
            if (base != null) {
                return base.resolve(p).normalize();
            }
        }
        return p.toAbsolutePath().normalize();
    }

    private static Path masterDirectory() {
        return ProcessHandle.current().parent().map(parent -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(parent.pid()), "cwd"));
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return null;
            }
        }).orElse(null);
    }
}
