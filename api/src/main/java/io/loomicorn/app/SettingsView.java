package io.loomicorn.app;

import java.util.Set;

/**
 * The resolved settings, read by name: what gunicorn's hooks find in {@code server.cfg}.
 *
 * <p>Names are the keys of the config file ({@code max_requests}, {@code bind}). Values
 * have the setting's type: {@link Integer}, {@link Long}, {@link Boolean},
 * {@link String}, {@code List<String>} for repeatable settings, and
 * {@code Optional<String>} for settings that may be unset. {@code docs/settings.md} lists
 * every name and type.
 */
public interface SettingsView {

    /** Returns the names of every setting, in documentation order. */
    Set<String> names();

    /**
     * Returns a setting's value.
     *
     * @param name a setting name, e.g. {@code workers}
     * @return the value, never null
     * @throws IllegalArgumentException if there is no setting of that name
     */
    Object value(String name);

    /**
     * Returns a setting's value as a given type.
     *
     * @param name a setting name
     * @param type the value's class, e.g. {@code Integer.class}
     * @param <T>  the value's type
     * @return the value
     * @throws IllegalArgumentException if there is no such setting, or its value is not a {@code type}
     */
    default <T> T value(String name, Class<T> type) {
        Object v = value(name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("the setting " + name + " is a " + v.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(v);
    }
}
