package io.loomicorn.master;

import io.loomicorn.config.Config;

import java.io.IOException;
import java.util.Map;

/**
 * {@code --check-config}: loads the application exactly as a worker would ({@link AppCheck}:
 * a worker JVM with {@code raw_env}, {@code chdir}, {@code classpath} and {@code user}
 * applied; gunicorn loads it in the master and forgets {@code raw_env}), then reports in
 * one line.
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
        WorkerSpawner spawner = new WorkerSpawner();
        spawner.workerClass(setup.factory(), config);
        AppCheck.Verdict verdict;
        try {
            verdict = AppCheck.run(spawner, config, setup.identity());
        } catch (IOException e) {
            System.err.println("Error: could not start a JVM to check the application: " + e.getMessage());
            return 1;
        }
        if (verdict.loaded()) {
            return 0;
        }
        System.err.println("Error: " + verdict.reason());
        return 1;
    }
}
