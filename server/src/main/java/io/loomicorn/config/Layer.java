package io.loomicorn.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values one source sets (the config file, {@code LOOMICORN_CMD_ARGS} or the command
 * line), all with the same origin. Layers are applied lowest precedence first; a setting in a
 * higher layer replaces the lower value whole, lists included (gunicorn's rule).
 *
 * @param origin where the values come from
 * @param values the typed values, in the order they were found
 */
record Layer(Origin origin, Map<Setting<?>, Object> values) {

    Layer {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Returns a layer that sets nothing. */
    static Layer empty(Origin origin) {
        return new Layer(origin, Map.of());
    }

    /** Returns true when this layer sets the setting. */
    boolean has(Setting<?> setting) {
        return values.containsKey(setting);
    }

    /** Returns the value this layer sets for the setting, if it sets one. */
    <T> Optional<T> get(Setting<T> setting) {
        return Optional.ofNullable(values.get(setting)).map(setting::cast);
    }
}
