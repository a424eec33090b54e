package io.loomicorn;

import io.loomicorn.admin.Ctl;
import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigLoader;
import io.loomicorn.worker.WorkerClasses;
import io.loomicorn.config.LoadResult;
import io.loomicorn.config.Settings;
import io.loomicorn.logging.Logging;
import io.loomicorn.master.Arbiter;
import io.loomicorn.master.ConfigCheck;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code loomicorn} command: reads the settings and runs the master.
 *
 * <pre>
 * loomicorn [OPTIONS] APP        e.g. loomicorn -w 4 -k vthread com.acme.Main:app
 * loomicorn ctl COMMAND          e.g. loomicorn ctl --socket /run/loomicorn.ctl status (see {@link Ctl})
 * </pre>
 * Exit codes: 0 after a clean stop, 1 for a configuration error, 3 when the application
 * cannot boot at a cold start.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command and returns its exit code.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int run(String[] args) {
        Map<String, String> env = System.getenv();
        Path cwd = Path.of("").toAbsolutePath();
        if (args.length > 0 && args[0].equals("ctl")) {
            return Ctl.run(java.util.Arrays.copyOfRange(args, 1, args.length), env, cwd, System.out, System.err);
        }
        try {
            WorkerClasses.registerSettings(args, env, cwd);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ConfigLoader.CONFIG_ERROR_EXIT_CODE;
        }
        LoadResult result = ConfigLoader.load(args, env, cwd);
        return switch (result) {
            case LoadResult.Help(String text) -> {
                System.out.print(text);
                yield 0;
            }
            case LoadResult.Version(String text) -> {
                System.out.println(text);
                yield 0;
            }
            case LoadResult.Failure(String line, int code) -> {
                System.err.println(line);
                yield code;
            }
            case LoadResult.Run(Config config) -> serve(config, args, env, cwd);
        };
    }

    private static int serve(Config config, String[] args, Map<String, String> env, Path cwd) {
        try {
            config.app();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Logging.configure(config, "master");
        if (config.get(Settings.PRINT_CONFIG)) {
            System.out.print(config.printConfig());
        }
        if (config.get(Settings.CHECK_CONFIG) || config.get(Settings.PRINT_CONFIG)) {
            return ConfigCheck.run(config, env);
        }
        return new Arbiter(config, args, env, cwd).run();
    }
}
