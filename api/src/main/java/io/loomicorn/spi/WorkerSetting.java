package io.loomicorn.spi;

import io.loomicorn.app.SettingsView;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A setting that a worker class declares for itself ({@link WorkerFactory#settings()}).
 * It then behaves as every built-in setting: a config-file key of its {@link #name()}, a
 * command-line flag ({@code --} and the name with dashes), validation with a one-line error,
 * {@code --help}, {@code --print-config} and the generated settings documentation.
 *
 * <p>Name it after the worker class ({@code pool_size} is ambiguous, {@code nio_selectors}
 * is not); a name that a built-in setting already has is refused at start.
 *
 * @param name         lower case, words joined by {@code _}, e.g. {@code nio_selectors}
 * @param type         {@code Integer}, {@code Boolean} or {@code String}
 * @param defaultValue the value when nothing sets it
 * @param min          the smallest integer allowed (integers only)
 * @param max          the largest integer allowed (integers only)
 * @param summary      one line for {@code --help}
 * @param description  the paragraph for the settings documentation
 * @param <T>          the value's type
 */
public record WorkerSetting<T>(String name, Class<T> type, T defaultValue, long min, long max,
                               String summary, String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    /** Checks the declaration. */
    public WorkerSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a setting name is lower case words joined by _: " + name);
        }
        if (type != Integer.class && type != Boolean.class && type != String.class) {
            throw new IllegalArgumentException("a worker setting is an Integer, a Boolean or a String: " + name);
        }
        if (type == Integer.class && ((Integer) defaultValue < min || (Integer) defaultValue > max)) {
            throw new IllegalArgumentException("the default of " + name + " is outside " + min + ".." + max);
        }
    }

    /**
     * Declares an integer setting.
     *
     * @param name         the setting's name
     * @param defaultValue its default
     * @param min          the smallest value allowed
     * @param max          the largest value allowed
     * @param summary      one line for {@code --help}
     * @param description  the paragraph for the documentation
     * @return the declaration
     */
    public static WorkerSetting<Integer> integer(String name, int defaultValue, int min, int max,
                                                 String summary, String description) {
        return new WorkerSetting<>(name, Integer.class, defaultValue, min, max, summary, description);
    }

    /**
     * Declares an on/off setting. On the command line, {@code --name} turns on a setting
     * that is off by default, and {@code --no-name} turns off one that is on by default.
     *
     * @param name         the setting's name
     * @param defaultValue its default
     * @param summary      one line for {@code --help}
     * @param description  the paragraph for the documentation
     * @return the declaration
     */
    public static WorkerSetting<Boolean> flag(String name, boolean defaultValue, String summary, String description) {
        return new WorkerSetting<>(name, Boolean.class, defaultValue, 0, 0, summary, description);
    }

    /**
     * Declares a text setting.
     *
     * @param name         the setting's name
     * @param defaultValue its default
     * @param summary      one line for {@code --help}
     * @param description  the paragraph for the documentation
     * @return the declaration
     */
    public static WorkerSetting<String> text(String name, String defaultValue, String summary, String description) {
        return new WorkerSetting<>(name, String.class, defaultValue, 0, 0, summary, description);
    }

    /** Returns the command-line flag: {@code --} and the name with dashes. */
    public String flag() {
        return "--" + name.replace('_', '-');
    }

    /**
     * Reads this setting's resolved value.
     *
     * @param settings the resolved settings, e.g. {@link WorkerContext#settings()}
     * @return the value
     */
    public T get(SettingsView settings) {
        return settings.value(name, type);
    }
}
