package io.loomicorn.master;

import io.loomicorn.config.Config;
import io.loomicorn.worker.ControlChannel;
import io.loomicorn.worker.WorkerHandshake;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --check-config}: loads the application exactly as a worker would, in a worker
 * JVM with {@code raw_env}, {@code chdir}, {@code classpath} and {@code user} applied
 * (gunicorn loads it in the master and forgets {@code raw_env}), then reports in one line.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /**
     * Runs the check.
     *
     * @param config the resolved settings
     * @param env    the environment
     * @return 0 if the application loads, 1 otherwise (after printing one line to stderr)
     */
    public static int run(Config config, Map<String, String> env) {
        MasterSetup setup;
        try {
            setup = MasterSetup.prepare(config, env);
            config.app();
        } catch (MasterSetup.SetupException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        WorkerJvm w;
        try {
            WorkerSpawner spawner = new WorkerSpawner();
            spawner.workerClass(setup.factory(), config);
            w = spawner.spawn(config, List.of(), 0, 0, WorkerHandshake.CHECK, setup.identity());
        } catch (IOException e) {
            System.err.println("Error: could not start a JVM to check the application: " + e.getMessage());
            return 1;
        }
        String verdict = null;
        try {
            for (String line; (line = w.control().readLine()) != null; ) {
                if (line.equals(ControlChannel.BOOTED)) {
                    verdict = "";
                } else if (line.startsWith(ControlChannel.FAILED + " ")) {
                    String rest = line.substring(ControlChannel.FAILED.length() + 1);
                    int space = rest.indexOf(' ');
                    verdict = space < 0 ? rest : rest.substring(space + 1);
                }
            }
            if (!w.process().waitFor(60, TimeUnit.SECONDS)) {
                w.process().destroyForcibly();
            }
        } catch (IOException e) {
            verdict = verdict == null ? e.getMessage() : verdict;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            w.close();
        }
        if ("".equals(verdict) && w.process().exitValue() == 0) {
            return 0;
        }
        System.err.println("Error: " + (verdict == null || verdict.isEmpty()
                ? "the check exited with code " + w.process().exitValue() : verdict));
        return 1;
    }
}
