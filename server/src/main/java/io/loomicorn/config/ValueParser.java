package io.loomicorn.config;

import com.typesafe.config.ConfigValue;

/**
 * Turns raw text (from the command line or {@code LOOMICORN_CMD_ARGS}) or a HOCON value
 * into a setting's typed value, and back into HOCON. One implementation per kind of value
 * lives in {@link ValueParsers}; a {@link Setting} wraps it and adds its name to errors.
 *
 * <p>Parsers throw {@link InvalidValueException} with the reason only.
 *
 * @param <T> the type of the value
 */
interface ValueParser<T> {

    /** How a setting's option behaves on a command line. */
    enum Arity {
        /** A presence flag ({@code --reload}); {@code --reload=false} is also accepted. */
        FLAG,
        /** One value; when repeated within one source the last one wins. */
        SINGLE,
        /** Repeatable; the values of one source accumulate. */
        REPEATABLE
    }

    /** Returns the type as the documentation names it, e.g. {@code int} or {@code list of strings}. */
    String typeName();

    /** Returns the placeholder shown in {@code --help}, e.g. {@code INT} or {@code ADDRESS}. */
    String label();

    /** Returns what is allowed, phrased as the end of an error message ("expected ..."). */
    String allowed();

    /** Returns how the option behaves on a command line. */
    Arity arity();

    /** Parses one raw value, as typed on a command line. */
    T parse(String raw, ParseContext context);

    /** Parses a HOCON value; by default any scalar is read as its text. */
    default T parse(ConfigValue value, ParseContext context) {
        return parse(HoconValues.scalarText(value), context);
    }

    /** Combines two occurrences within one source: the later one wins unless repeatable. */
    default T combine(T earlier, T later) {
        return later;
    }

    /** Renders a value as a HOCON literal that {@link #parse(ConfigValue, ParseContext)} reads back. */
    String toHocon(T value);

    /** Renders a value for people ({@code --help}, the docs): like HOCON, without needless quotes. */
    String display(T value);
}
