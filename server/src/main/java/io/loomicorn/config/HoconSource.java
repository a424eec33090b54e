package io.loomicorn.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads settings from HOCON with typesafe-config: the user's config file, and the resolved
 * configuration the master hands to each worker ({@link Config#toHocon()}).
 *
 * <p>Only top-level keys that name a setting are allowed; anything else is an error with a
 * suggestion. Substitutions such as {@code ${?PORT}} are resolved against the environment map
 * given to {@link ConfigLoader}, not the JVM's own, so tests can inject it.
 */
final class HoconSource {

    /** Cut from typesafe-config's parse errors: a long hint about renaming files to .properties. */
    private static final String TYPESAFE_HINT = " (if you intended";

    private HoconSource() {
    }

    /**
     * Reads the user's config file.
     *
     * @param file        the file, absolute
     * @param displayName how messages name the file (as the user wrote it)
     * @param env         the environment that substitutions read
     * @param context     the directory and CPU count for value parsing
     * @return the values the file sets, with origin {@code CONFIG_FILE}
     * @throws ConfigException when the file is missing, unreadable, not HOCON, or holds an
     *                         unknown key or a bad value
     */
    static Layer readFile(Path file, String displayName, Map<String, String> env, ParseContext context) {
        if (!Files.exists(file)) {
            throw new ConfigException("Error: cannot read config file " + displayName + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Error: cannot read config file " + displayName + ": not a regular file");
        }
        com.typesafe.config.Config parsed;
        try {
            parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults()
                            .setSyntax(ConfigSyntax.CONF)
                            .setAllowMissing(false)
                            .setOriginDescription(displayName))
                    .resolve(ConfigResolveOptions.noSystem().appendResolver(new EnvironmentResolver(env)));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("Error: cannot read config file " + displayName + lineOf(e.origin())
                    + ": " + problem(e));
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : parsed.root().entrySet()) {
            String key = entry.getKey();
            ConfigValue value = entry.getValue();
            Setting<?> setting = Settings.byName(key).orElseThrow(() -> unknownKey(key, value, displayName));
            String where = displayName + lineOf(value.origin());
            if (setting == Settings.CONFIG) {
                throw new ConfigException("Error: the config file cannot set 'config' (" + where
                        + "); name the file with -c/--config");
            }
            if (value.origin().lineNumber() < 0) {
                where = displayName + " via " + value.origin().description();
            }
            values.put(setting, setting.parse(value, context, where));
        }
        return new Layer(Origin.configFile(file.toString()), values);
    }

    /**
     * Reads one setting from the user's config file, ignoring every other key (known or
     * not): {@link ConfigLoader#prescanClasspath} needs the class path before all settings
     * are known.
     *
     * @param file    the file, absolute
     * @param setting the setting to read
     * @param env     the environment that substitutions read
     * @param context the directory and CPU count for value parsing
     * @param <T>     the setting's type
     * @return the value, if the file sets it
     * @throws ConfigException when the file or the value is bad
     */
    static <T> Optional<T> readOneKey(Path file, Setting<T> setting, Map<String, String> env, ParseContext context) {
        com.typesafe.config.Config parsed;
        try {
            parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults()
                            .setSyntax(ConfigSyntax.CONF).setAllowMissing(false))
                    .resolve(ConfigResolveOptions.noSystem().appendResolver(new EnvironmentResolver(env)));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("Error: cannot read config file " + file + ": " + problem(e));
        }
        ConfigValue value = parsed.root().get(setting.hoconKey());
        return value == null ? Optional.empty() : Optional.of(setting.parse(value, context, file.toString()));
    }

    /** Reads {@link Config#toHocon()}'s output back; see {@link Config#fromHocon(String)}. */
    static Config readResolved(String hocon, ParseContext context) {
        com.typesafe.config.Config parsed;
        try {
            parsed = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults()
                            .setSyntax(ConfigSyntax.CONF).setOriginDescription("resolved settings"))
                    .resolve(ConfigResolveOptions.noSystem());
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("Error: cannot read resolved settings" + lineOf(e.origin()) + ": " + problem(e));
        }
        Map<Setting<?>, Object> values = Config.defaultValues();
        Map<Setting<?>, Origin> origins = Config.defaultOrigins();
        for (Map.Entry<String, ConfigValue> entry : parsed.root().entrySet()) {
            String key = entry.getKey();
            ConfigValue value = entry.getValue();
            Setting<?> setting = Settings.byName(key)
                    .orElseThrow(() -> unknownKey(key, value, "resolved settings"));
            values.put(setting, setting.parse(value, context, "resolved settings" + lineOf(value.origin())));
            origins.put(setting, originComment(value.origin().comments()));
        }
        return new Config(values, origins);
    }

    /**
     * Validates and normalizes a value built in code by writing it as HOCON and reading it back,
     * the same path a worker's configuration takes.
     */
    static <T> T reparse(Setting<T> setting, T value, ParseContext context) {
        ConfigValue hocon = ConfigFactory.parseString("value = " + setting.toHocon(value)).root().get("value");
        return setting.parse(hocon, context, null);
    }

    private static Origin originComment(List<String> comments) {
        for (String comment : comments) {
            String text = comment.strip();
            if (text.startsWith("origin:")) {
                Origin origin = Origin.parse(text.substring("origin:".length()));
                if (origin != null) {
                    return origin;
                }
            }
        }
        return Origin.configFile(null);
    }

    private static ConfigException unknownKey(String key, ConfigValue value, String where) {
        String shown = key;
        if (value instanceof ConfigObject object && !object.isEmpty()) {
            // "worker.class = x" is an object "worker" holding "class": name the whole path.
            shown = object.toConfig().entrySet().stream().findFirst()
                    .map(e -> key + "." + e.getKey()).orElse(key);
        }
        List<String> names = Settings.all().stream().map(Setting::name).toList();
        return new ConfigException("Error: unknown setting '" + Suggestions.abbreviate(shown) + "' in " + where
                + lineOf(value.origin()) + Suggestions.didYouMean(shown, names));
    }

    private static String lineOf(ConfigOrigin origin) {
        return origin != null && origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "";
    }

    /** Returns typesafe-config's message without the origin it starts with and its long hints. */
    private static String problem(com.typesafe.config.ConfigException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.origin() != null && message.startsWith(e.origin().description() + ": ")) {
            message = message.substring(e.origin().description().length() + 2);
        }
        int hint = message.indexOf(TYPESAFE_HINT);
        message = hint > 0 ? message.substring(0, hint) : message;
        if (message.contains("Reserved character")) {
            message += "; put such values in double quotes, as in workers = \"2*cpu+1\"";
        }
        return message;
    }

    /** Looks substitutions up in the given environment map, and nowhere else. */
    private record EnvironmentResolver(Map<String, String> env) implements ConfigResolver {
        @Override
        public ConfigValue lookup(String path) {
            String value = env.get(path);
            return value == null ? null : ConfigValueFactory.fromAnyRef(value, "environment variable " + path);
        }

        @Override
        public ConfigResolver withFallback(ConfigResolver fallback) {
            return new Chained(this, fallback);
        }
    }

    /** Asks {@code first}, then {@code fallback}. */
    private record Chained(ConfigResolver first, ConfigResolver fallback) implements ConfigResolver {
        @Override
        public ConfigValue lookup(String path) {
            ConfigValue value = first.lookup(path);
            return value != null ? value : fallback.lookup(path);
        }

        @Override
        public ConfigResolver withFallback(ConfigResolver next) {
            return new Chained(this, next);
        }
    }
}
