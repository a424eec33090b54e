package io.loomicorn.config;

import io.loomicorn.app.SettingsView;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The resolved settings: one value for every setting in {@link Settings}, with the
 * {@link Origin} of each. Immutable.
 *
 * <p>{@link ConfigLoader} builds one from the command line, the environment and the config
 * file. The master sends it to each worker JVM as HOCON ({@link #toHocon()}), and the worker
 * reads it back with {@link #fromHocon(String)}; the round trip is exact, origins included.
 */
public final class Config implements SettingsView {

    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, Origin> origins;

    /** Copies maps that hold every setting, in declaration order. */
    Config(Map<Setting<?>, Object> values, Map<Setting<?>, Origin> origins) {
        Map<Setting<?>, Object> orderedValues = new LinkedHashMap<>();
        Map<Setting<?>, Origin> orderedOrigins = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.all()) {
            orderedValues.put(setting, Objects.requireNonNull(values.get(setting), () -> "no value for " + setting));
            orderedOrigins.put(setting, Objects.requireNonNull(origins.get(setting), () -> "no origin for " + setting));
        }
        this.values = Collections.unmodifiableMap(orderedValues);
        this.origins = Collections.unmodifiableMap(orderedOrigins);
    }

    /** Returns a mutable map of every setting's built-in default, for building a configuration. */
    static Map<Setting<?>, Object> defaultValues() {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.all()) {
            values.put(setting, setting.defaultValue());
        }
        return values;
    }

    /** Returns a mutable map with the origin {@link Origin#DEFAULT} for every setting. */
    static Map<Setting<?>, Origin> defaultOrigins() {
        Map<Setting<?>, Origin> origins = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.all()) {
            origins.put(setting, Origin.DEFAULT);
        }
        return origins;
    }

    /**
     * Returns every setting at its built-in default, ignoring the environment and files.
     * Handy in tests, together with {@link #with}.
     *
     * @return the default configuration
     */
    public static Config defaults() {
        return new Config(defaultValues(), defaultOrigins());
    }

    /**
     * Returns a setting's value.
     *
     * @param setting a constant of {@link Settings}
     * @param <T>     the setting's type
     * @return the value, never null (optional settings return an {@link Optional})
     */
    public <T> T get(Setting<T> setting) {
        return setting.cast(values.get(setting));
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(Settings.names());
    }

    @Override
    public Object value(String name) {
        Setting<?> setting = Settings.byName(name)
                .orElseThrow(() -> new IllegalArgumentException("there is no setting named " + name));
        return values.get(setting);
    }

    /**
     * Returns where a setting's value came from.
     *
     * @param setting a constant of {@link Settings}
     * @return the origin
     */
    public Origin origin(Setting<?> setting) {
        return origins.get(setting);
    }

    /**
     * Returns the application to run: the APP argument, else the {@code wsgi_app} key.
     *
     * @return the application, for example {@code com.acme.Main:app}
     * @throws ConfigException when neither gives one
     */
    public String app() {
        return get(Settings.WSGI_APP).orElseThrow(() -> new ConfigException(
                "Error: no application given: pass APP (for example com.acme.Main:app)"
                        + " or set wsgi_app in the config file"));
    }

    /**
     * Returns a copy with one setting replaced, for tests and for the server's own
     * overrides. The value is validated and normalized as if it had been read from HOCON
     * (relative paths become absolute against this JVM's working directory); its origin is
     * {@link Origin#OVERRIDE}.
     *
     * @param setting a constant of {@link Settings}
     * @param value   the new value
     * @param <T>     the setting's type
     * @return the new configuration
     * @throws ConfigException when the value is not allowed
     */
    public <T> Config with(Setting<T> setting, T value) {
        Objects.requireNonNull(value, "value");
        T checked = HoconSource.reparse(setting, value, ParseContext.system());
        Map<Setting<?>, Object> newValues = new LinkedHashMap<>(values);
        Map<Setting<?>, Origin> newOrigins = new LinkedHashMap<>(origins);
        newValues.put(setting, checked);
        newOrigins.put(setting, Origin.OVERRIDE);
        return new Config(newValues, newOrigins);
    }

    /**
     * Renders every setting that is not at its built-in default as HOCON, one key per setting,
     * each preceded by a comment that records its origin. {@link #fromHocon(String)} reads it
     * back to an equal configuration: a missing key takes its default. Leaving the defaults out
     * spares each worker's boot from reading and validating some 150 keys it would set to what
     * it has already.
     *
     * @return the HOCON text
     */
    public String toHocon() {
        StringBuilder out = new StringBuilder("# Resolved Loomicorn settings (Config.toHocon).\n");
        for (Setting<?> setting : Settings.all()) {
            if (origin(setting).equals(Origin.DEFAULT) && Objects.equals(values.get(setting), setting.defaultValue())) {
                continue;
            }
            out.append("# origin: ").append(origin(setting).encode()).append('\n');
            out.append(setting.hoconKey()).append(" = ").append(hocon(setting)).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads what {@link #toHocon()} wrote. Keys that are missing take their built-in default;
     * values are validated again (paths must still exist). An origin comment that is missing
     * makes the origin {@code CONFIG_FILE}.
     *
     * @param hocon the HOCON text
     * @return the configuration
     * @throws ConfigException when the text is not valid HOCON, has an unknown key or a bad value
     */
    public static Config fromHocon(String hocon) {
        return HoconSource.readResolved(hocon, ParseContext.system());
    }

    /**
     * Renders every setting, one per line, in declaration order, as
     * {@code name = value  (origin)}; names are padded so that the values line up. Values are
     * HOCON literals, so a line (without its origin) can be pasted into a config file.
     *
     * @return the text, ending with a line break
     */
    public String printConfig() {
        int width = Settings.all().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Setting<?> setting : Settings.all()) {
            out.append(String.format("%-" + width + "s = %s  (%s)\n",
                    setting.name(), hocon(setting), origin(setting).describe()));
        }
        return out.toString();
    }

    private <T> String hocon(Setting<T> setting) {
        return setting.toHocon(get(setting));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config other && values.equals(other.values) && origins.equals(other.origins);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + origins.hashCode();
    }

    @Override
    public String toString() {
        return "Config" + values;
    }
}
