package io.loomicorn.master;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.logging.ServerLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code user}/{@code group}: the files the master creates for its workers belong to the
 * workers' user and group, as gunicorn chowns them. Unix socket files, so that a proxy in
 * the workers' group can connect under a strict {@code umask}; and the log files, so that
 * workers running as that user can open them again after logrotate moved them (USR1). The
 * master runs this after binding, after each HUP and after each USR1.
 */
final class WorkerOwnership {

    private WorkerOwnership() {
    }

    /**
     * Gives the files to the workers' user.
     *
     * @param identity  the workers' uid and gid, or null when they run as the master's user
     * @param listeners the listeners (their socket files, if the master created them)
     * @param config    the settings naming the log files
     */
    static void apply(int[] identity, List<BoundListener> listeners, Config config) {
        if (identity == null) {
            return;
        }
        for (Path p : files(listeners, config)) {
            try {
                Files.setAttribute(p, "unix:uid", identity[0], LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", identity[1], LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | UnsupportedOperationException e) {
                ServerLog.ERROR.warn("Could not give {} to uid {} gid {}: {}", p, identity[0], identity[1], e.toString());
            }
        }
    }

    /** The socket files the master created, and the log files that are regular files (not /dev/null). */
    static List<Path> files(List<BoundListener> listeners, Config config) {
        List<Path> files = new ArrayList<>();
        for (BoundListener l : listeners) {
            if (l.unixPath() != null) {
                files.add(l.unixPath());
            }
        }
        List<String> logs = new ArrayList<>();
        logs.add(config.get(Settings.ERRORLOG));
        config.get(Settings.ACCESSLOG).ifPresent(logs::add);
        for (String log : logs) {
            if (!log.equals("-") && Files.isRegularFile(Path.of(log), LinkOption.NOFOLLOW_LINKS)) {
                files.add(Path.of(log));
            }
        }
        return files;
    }
}
