package io.loomicorn.master;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.logging.ServerLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code proc_name} in process listings. A JVM cannot rewrite its command line as
 * gunicorn's {@code setproctitle} does, so: the master takes the name as its process name
 * (the kernel's {@code comm}, which {@code ps -e}, {@code top} and {@code pgrep} show; 15
 * bytes at most), and each worker JVM carries {@code -Dloomicorn.proc_name=NAME} first on
 * its command line ({@code ps -f}, {@code ps aux}, {@code pgrep -f}), where NAME defaults
 * to the application, as gunicorn's default process name does.
 */
final class ProcessName {

    /** The system property that names a worker's server on its command line. */
    static final String WORKER_PROPERTY = "loomicorn.proc_name";

    private static final Path COMM = Path.of("/proc/self/comm");

    private ProcessName() {
    }

    /** The name the workers carry: {@code proc_name}, else the application. */
    static String of(Config config) {
        return config.get(Settings.PROC_NAME).orElseGet(config::app);
    }

    /** The option that puts the name on a worker's command line. */
    static String workerOption(Config config) {
        return "-D" + WORKER_PROPERTY + "=" + of(config);
    }

    /** Renames the master's process when {@code proc_name} is set (at start and on HUP). */
    static void applyToMaster(Config config) {
        Optional<String> name = config.get(Settings.PROC_NAME);
        if (name.isEmpty()) {
            return;
        }
        try {
            // Writing /proc/self/comm names the thread group's leader, which is what listings show.
            Files.writeString(COMM, name.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            ServerLog.ERROR.debug("Cannot set the process name: {}", e.getMessage());
        }
    }
}
