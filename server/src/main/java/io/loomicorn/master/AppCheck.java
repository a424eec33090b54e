package io.loomicorn.master;

import io.loomicorn.config.Config;
import io.loomicorn.worker.ControlChannel;
import io.loomicorn.worker.WorkerHandshake;
import io.loomicorn.worker.WorkerMain;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads the application exactly as a worker would: in a worker JVM (mode {@code check})
 * started by the spawner, so with {@code raw_env}, {@code chdir}, {@code classpath},
 * {@code worker_jvm_args} and {@code user} applied, then reports. The master cannot load
 * the application itself with the workers' environment: a JVM cannot change its own.
 * {@code --check-config} and {@code preload_app} both use it.
 */
final class AppCheck {

    private static final long LIMIT_SECONDS = 120;

    /**
     * The outcome.
     *
     * @param code   0 when the application loaded, else the worker's exit code
     *               ({@link WorkerMain#APP_LOAD_ERROR}, {@link WorkerMain#BOOT_ERROR}, ...)
     * @param reason why it did not load, in one line; empty when it did
     */
    record Verdict(int code, String reason) {

        boolean loaded() {
            return code == 0;
        }

        /** The reason with gunicorn's prefix: "App failed to load: " or "Worker failed to boot: ". */
        String explained() {
            return (code == WorkerMain.APP_LOAD_ERROR ? "App failed to load: " : "Worker failed to boot: ") + reason;
        }
    }

    private AppCheck() {
    }

    /**
     * Runs the check and waits for it.
     *
     * @param spawner  the spawner, set up with the worker class
     * @param config   the settings
     * @param identity the user and group, or null
     * @return the verdict
     * @throws IOException if no JVM could be started
     */
    static Verdict run(WorkerSpawner spawner, Config config, int[] identity) throws IOException {
        WorkerJvm w = spawner.spawn(config, List.of(), 0, 0, WorkerHandshake.CHECK, identity);
        boolean booted = false;
        String failure = null;
        int failureCode = WorkerMain.BOOT_ERROR;
        try {
            for (String line; (line = w.control().readLine()) != null; ) {
                if (line.equals(ControlChannel.BOOTED)) {
                    booted = true;
                } else if (line.startsWith(ControlChannel.FAILED + " ")) {
                    String rest = line.substring(ControlChannel.FAILED.length() + 1);
                    int space = rest.indexOf(' ');
                    failure = space < 0 ? rest : rest.substring(space + 1);
                    failureCode = parseCode(space < 0 ? "" : rest.substring(0, space));
                }
            }
        } catch (IOException e) {
            failure = failure == null ? e.getMessage() : failure;
        } finally {
            w.close();
        }
        int exit = await(w.process());
        if (booted && failure == null && exit == 0) {
            return new Verdict(0, "");
        }
        if (failure == null) {
            return new Verdict(exit == 0 ? WorkerMain.BOOT_ERROR : exit, "the check exited with code " + exit);
        }
        return new Verdict(failureCode, failure);
    }

    private static int await(Process p) {
        try {
            if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static int parseCode(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return WorkerMain.BOOT_ERROR;
        }
    }
}
