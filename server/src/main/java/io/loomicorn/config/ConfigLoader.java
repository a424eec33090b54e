package io.loomicorn.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the settings from all their sources, lowest precedence first:
 * <ol>
 *   <li>the built-in defaults, of which {@code bind} reads {@code PORT} and {@code workers}
 *       reads {@code WEB_CONCURRENCY};</li>
 *   <li>the HOCON config file: {@code -c FILE} from the command line, else from
 *       {@code LOOMICORN_CMD_ARGS}, else {@code ./loomicorn.conf} if it exists;</li>
 *   <li>{@code LOOMICORN_CMD_ARGS}, split like a shell command line;</li>
 *   <li>the command line.</li>
 * </ol>
 * A source replaces a lower source's value whole, lists included; a flag repeated within one
 * source accumulates ({@code -b a -b b}). The environment, the working directory and the CPU
 * count are parameters, so tests need not touch the JVM's own.
 */
public final class ConfigLoader {

    /** The config file read when no {@code -c} is given, if it exists in the working directory. */
    public static final String DEFAULT_CONFIG_FILE = "loomicorn.conf";

    /** The environment variable holding extra command-line arguments. */
    public static final String CMD_ARGS_VARIABLE = "LOOMICORN_CMD_ARGS";

    /** Exit code for configuration errors, as gunicorn. */
    public static final int CONFIG_ERROR_EXIT_CODE = 1;

    private ConfigLoader() {
    }

    /**
     * Loads the settings, with this JVM's CPU count for CPU expressions.
     *
     * @param args the command-line arguments
     * @param env  the environment ({@code System.getenv()} in production)
     * @param cwd  the working directory for {@code ./loomicorn.conf} and relative paths
     * @return what to do: run, print help, print the version, or fail with one line
     */
    public static LoadResult load(String[] args, Map<String, String> env, Path cwd) {
        return load(args, env, cwd, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads the settings.
     *
     * @param args     the command-line arguments
     * @param env      the environment
     * @param cwd      the working directory for {@code ./loomicorn.conf} and relative paths
     * @param cpuCount the value of {@code cpu} in CPU expressions such as {@code 2*cpu+1}
     * @return what to do: run, print help, print the version, or fail with one line
     */
    public static LoadResult load(String[] args, Map<String, String> env, Path cwd, int cpuCount) {
        try {
            ParseContext context = new ParseContext(cwd, cpuCount);
            CommandLineParser.Arguments commandLine = CommandLineParser.parse(List.of(args), Origin.COMMAND_LINE);
            if (commandLine.help()) {
                return new LoadResult.Help(CommandLineBuilder.usage());
            }
            if (commandLine.version()) {
                return new LoadResult.Version(ServerVersion.text());
            }
            String envArgs = env.getOrDefault(CMD_ARGS_VARIABLE, "");
            CommandLineParser.Arguments fromEnv = envArgs.isBlank()
                    ? CommandLineParser.Arguments.none(Origin.LOOMICORN_CMD_ARGS)
                    : CommandLineParser.parse(CommandLineParser.splitEnvironment(envArgs), Origin.LOOMICORN_CMD_ARGS);
            if (fromEnv.help()) {
                return new LoadResult.Help(CommandLineBuilder.usage());
            }
            if (fromEnv.version()) {
                return new LoadResult.Version(ServerVersion.text());
            }

            Layer cli = commandLine.toLayer(context);
            Layer envLayer = fromEnv.toLayer(context);
            Map<Setting<?>, Object> environmentDefaults = environmentDefaults(env, context);
            Optional<Layer> file = configFile(cli, envLayer, env, context);
            return new LoadResult.Run(merge(environmentDefaults, file, envLayer, cli));
        } catch (ConfigException e) {
            return new LoadResult.Failure(e.getMessage(), CONFIG_ERROR_EXIT_CODE);
        }
    }

    /**
     * Finds the {@code classpath} that a later {@link #load} will resolve, without failing on
     * the flags and keys it does not know yet: those of worker classes on that very class
     * path, whose settings must be registered before the settings are read for real. The
     * command line wins over {@code LOOMICORN_CMD_ARGS}, which wins over the config file, as
     * in {@link #load}. Anything malformed is left for {@link #load} to report.
     *
     * @param args the command-line arguments
     * @param env  the environment
     * @param cwd  the working directory
     * @return the class path entries, or an empty list
     */
    public static List<String> prescanClasspath(String[] args, Map<String, String> env, Path cwd) {
        ParseContext context = new ParseContext(cwd, Runtime.getRuntime().availableProcessors());
        try {
            CommandLineParser.Arguments cli = CommandLineParser.parseLeniently(List.of(args), Origin.COMMAND_LINE);
            String envArgs = env.getOrDefault(CMD_ARGS_VARIABLE, "");
            CommandLineParser.Arguments fromEnv = envArgs.isBlank()
                    ? CommandLineParser.Arguments.none(Origin.LOOMICORN_CMD_ARGS)
                    : CommandLineParser.parseLeniently(CommandLineParser.splitEnvironment(envArgs),
                    Origin.LOOMICORN_CMD_ARGS);
            Layer cliLayer = cli.toLayer(context);
            Layer envLayer = fromEnv.toLayer(context);
            for (Layer layer : List.of(cliLayer, envLayer)) {
                if (layer.has(Settings.CLASSPATH)) {
                    return layer.get(Settings.CLASSPATH).orElse(List.of());
                }
            }
            Optional<String> named = cliLayer.get(Settings.CONFIG).flatMap(path -> path)
                    .or(() -> envLayer.get(Settings.CONFIG).flatMap(path -> path));
            Path file = named.map(n -> cwd.resolve(n)).orElse(cwd.resolve(DEFAULT_CONFIG_FILE));
            return Files.isRegularFile(file)
                    ? HoconSource.readOneKey(file, Settings.CLASSPATH, env, context).orElse(List.of())
                    : List.of();
        } catch (ConfigException | InvalidPathException e) {
            return List.of();
        }
    }

    /** The defaults that {@code PORT} and {@code WEB_CONCURRENCY} replace, each with its own origin. */
    private static Map<Setting<?>, Object> environmentDefaults(Map<String, String> env, ParseContext context) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.all()) {
            setting.defaultEnvironmentVariable().ifPresent(variable -> {
                String text = env.get(variable);
                if (text != null && !text.isBlank()) {
                    values.put(setting, setting.parse(setting.environmentRaw(text), context,
                            Origin.environment(variable).describe()));
                }
            });
        }
        return values;
    }

    private static Optional<Layer> configFile(Layer cli, Layer envLayer, Map<String, String> env,
                                              ParseContext context) {
        Optional<String> named = cli.get(Settings.CONFIG).flatMap(path -> path)
                .or(() -> envLayer.get(Settings.CONFIG).flatMap(path -> path));
        if (named.isPresent()) {
            Path file;
            try {
                file = context.cwd().resolve(named.get()).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new ConfigException("Error: cannot read config file " + Suggestions.abbreviate(named.get())
                        + ": not a valid path");
            }
            return Optional.of(HoconSource.readFile(file, named.get(), env, context));
        }
        Path fallback = context.cwd().resolve(DEFAULT_CONFIG_FILE);
        if (Files.isRegularFile(fallback)) {
            return Optional.of(HoconSource.readFile(fallback, DEFAULT_CONFIG_FILE, env, context));
        }
        return Optional.empty();
    }

    private static Config merge(Map<Setting<?>, Object> environmentDefaults, Optional<Layer> file,
                                Layer envLayer, Layer cli) {
        Map<Setting<?>, Object> values = Config.defaultValues();
        Map<Setting<?>, Origin> origins = Config.defaultOrigins();
        environmentDefaults.forEach((setting, value) -> {
            values.put(setting, value);
            origins.put(setting, Origin.environment(setting.defaultEnvironmentVariable().orElseThrow()));
        });
        for (Layer layer : List.of(file.orElse(Layer.empty(Origin.configFile(null))), envLayer, cli)) {
            layer.values().forEach((setting, value) -> {
                values.put(setting, value);
                origins.put(setting, layer.origin());
            });
        }
        // "config" holds the file actually read, absolute; its origin is whoever named it.
        if (file.isPresent()) {
            values.put(Settings.CONFIG, Optional.of(file.get().origin().detail()));
            origins.put(Settings.CONFIG, cli.has(Settings.CONFIG) ? cli.origin()
                    : envLayer.has(Settings.CONFIG) ? envLayer.origin() : Origin.DEFAULT);
        }
        return new Config(values, origins);
    }
}
