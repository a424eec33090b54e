package io.loomicorn.config;

import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One setting, declared once in {@link Settings}: its name, command-line flags, HOCON key,
 * type, default, validator, section and documentation. Everything else (the command line,
 * the config file, {@code --print-config}, {@code docs/settings.md}) is derived from it.
 *
 * <p>Settings are compared by identity; use the constants in {@link Settings}.
 *
 * @param <T> the type of the setting's value
 */
public final class Setting<T> {

    private final String name;
    private final List<String> flags;
    private final Section section;
    private final ValueParser<T> parser;
    private final T defaultValue;
    private final String defaultText;
    private final String environmentVariable;
    private final UnaryOperator<String> environmentToRaw;
    private final boolean negatedFlag;
    private final String bareValue;
    private final String summary;
    private final String description;

    private Setting(Builder<T> b) {
        this.name = b.name;
        this.flags = List.copyOf(b.flags);
        this.section = Objects.requireNonNull(b.section, "section of " + b.name);
        this.parser = b.parser;
        this.defaultValue = Objects.requireNonNull(b.defaultValue, "default of " + b.name);
        this.environmentVariable = b.environmentVariable;
        this.environmentToRaw = b.environmentToRaw;
        this.negatedFlag = b.negatedFlag;
        this.bareValue = b.bareValue;
        this.summary = Objects.requireNonNull(b.summary, "summary of " + b.name);
        this.description = Objects.requireNonNull(b.description, "description of " + b.name);
        this.defaultText = b.defaultText != null ? b.defaultText : parser.display(defaultValue);
        if (negatedFlag && parser.arity() != ValueParser.Arity.FLAG) {
            throw new IllegalArgumentException(name + ": only a boolean can have a negated flag");
        }
        if (bareValue != null && parser.arity() != ValueParser.Arity.SINGLE) {
            throw new IllegalArgumentException(name + ": only a single value can be optional after its flag");
        }
    }

    /** Starts the declaration of a setting; used by {@link Settings}. */
    static <T> Builder<T> builder(String name, ValueParser<T> parser) {
        return new Builder<>(name, parser);
    }

    /** Returns the name, gunicorn's config key, e.g. {@code max_requests}. */
    public String name() {
        return name;
    }

    /** Returns the command-line flags, short ones first, e.g. {@code [-w, --workers]}; may be empty. */
    public List<String> flags() {
        return flags;
    }

    /** Returns the key in the HOCON config file, which is the name. */
    public String hoconKey() {
        return name;
    }

    /** Returns the section the setting is documented under. */
    public Section section() {
        return section;
    }

    /** Returns the type as the documentation names it, e.g. {@code int} or {@code list of strings}. */
    public String type() {
        return parser.typeName();
    }

    /** Returns the placeholder of the value in {@code --help}, e.g. {@code INT}; empty for flags. */
    public String label() {
        return parser.label();
    }

    /** Returns what values are allowed, as the error message says it ("expected ..."). */
    public String allowedValues() {
        return parser.allowed();
    }

    /** Returns true for booleans, which are presence flags on the command line. */
    public boolean isFlag() {
        return parser.arity() == ValueParser.Arity.FLAG;
    }

    /** Returns true when the flag may be repeated and its values accumulate (e.g. {@code --bind}). */
    public boolean isRepeatable() {
        return parser.arity() == ValueParser.Arity.REPEATABLE;
    }

    /**
     * Returns true when the flag sets the boolean to false rather than true
     * ({@code --no-sendfile}).
     */
    public boolean isNegatedFlag() {
        return negatedFlag;
    }

    /**
     * Returns the value the flag means when given alone ({@code --proxy-protocol} means
     * {@code auto}); empty when the flag always needs a value.
     */
    public Optional<String> bareValue() {
        return Optional.ofNullable(bareValue);
    }

    /** Returns the built-in default, used when no source and no environment default applies. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Returns the default as the documentation shows it, e.g. {@code 1, or $WEB_CONCURRENCY when set}. */
    public String defaultText() {
        return defaultText;
    }

    /**
     * Returns the environment variable that replaces the default when it is set and not empty
     * ({@code PORT} for {@code bind}, {@code WEB_CONCURRENCY} for {@code workers}).
     */
    public Optional<String> defaultEnvironmentVariable() {
        return Optional.ofNullable(environmentVariable);
    }

    /** Returns the first long flag (or the first flag), used in messages; empty if there is none. */
    public String primaryFlag() {
        return flags.stream().filter(f -> f.startsWith("--")).findFirst()
                .orElse(flags.isEmpty() ? "" : flags.getFirst());
    }

    /** Returns the one-line summary (plain text; shown in {@code --help}). */
    public String summary() {
        return summary;
    }

    /** Returns the full description (Markdown; shown in {@code docs/settings.md}). */
    public String description() {
        return description;
    }

    /**
     * Parses and validates a raw value as typed on a command line, against this JVM's
     * working directory and CPU count.
     *
     * @param raw the text
     * @return the value
     * @throws ConfigException when the value is not allowed
     */
    public T parse(String raw) {
        return parse(raw, ParseContext.system());
    }

    /**
     * Parses and validates a raw value as typed on a command line.
     *
     * @param raw     the text
     * @param context the directory and CPU count to use
     * @return the value
     * @throws ConfigException when the value is not allowed
     */
    public T parse(String raw, ParseContext context) {
        return parse(raw, context, null);
    }

    /**
     * Parses and validates a HOCON value, against this JVM's working directory and CPU count.
     *
     * @param value the HOCON value
     * @return the value
     * @throws ConfigException when the value is not allowed
     */
    public T parse(ConfigValue value) {
        return parse(value, ParseContext.system());
    }

    /**
     * Parses and validates a HOCON value.
     *
     * @param value   the HOCON value
     * @param context the directory and CPU count to use
     * @return the value
     * @throws ConfigException when the value is not allowed
     */
    public T parse(ConfigValue value, ParseContext context) {
        return parse(value, context, null);
    }

    /** Like {@link #parse(String, ParseContext)}; {@code where} (may be null) is added to errors. */
    T parse(String raw, ParseContext context, String where) {
        try {
            return parser.parse(raw, context);
        } catch (InvalidValueException e) {
            throw invalid(raw, e.reason(), where);
        }
    }

    /** Like {@link #parse(ConfigValue, ParseContext)}; {@code where} (may be null) is added to errors. */
    T parse(ConfigValue value, ParseContext context, String where) {
        try {
            return parser.parse(value, context);
        } catch (InvalidValueException e) {
            throw invalid(HoconValues.shown(value), e.reason(), where);
        }
    }

    /**
     * Builds the one-line message for a value that the setting's parser accepted but that
     * turned out to be unusable later, when it was put to use (a certificate that expired,
     * a key that does not match): {@code Error: invalid value for NAME (FLAG): 'VALUE': REASON}.
     *
     * @param shownValue the value as the user gave it
     * @param reason     what is wrong with it, starting in lower case
     * @return the exception to throw
     */
    public ConfigException invalidValue(String shownValue, String reason) {
        return invalid(shownValue, reason, null);
    }

    /** Combines two occurrences within one source (accumulates repeatable settings). */
    T combine(T earlier, T later) {
        return parser.combine(earlier, later);
    }

    /**
     * Renders a value as a HOCON literal ({@code 4}, {@code "sync"}, {@code ["a", "b"]},
     * {@code null}); {@link #parse(ConfigValue)} reads it back to an equal value.
     *
     * @param value a value of this setting
     * @return the literal
     */
    public String toHocon(T value) {
        return parser.toHocon(value);
    }

    /**
     * Renders a value for people, without needless quotes.
     *
     * @param value a value of this setting
     * @return the text
     */
    public String display(T value) {
        return parser.display(value);
    }

    /** Casts a value read from an untyped map to this setting's type. */
    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) value;
    }

    /** Turns the environment variable's text into a raw value for {@link #parse(String)}. */
    String environmentRaw(String variableValue) {
        return environmentToRaw.apply(variableValue);
    }

    /**
     * Builds the one-line message for a value that is not allowed:
     * {@code Error: invalid value for NAME (FLAG): 'VALUE': REASON}, followed by
     * {@code (from WHERE)} when the value did not come from the command line.
     */
    ConfigException invalid(String shownValue, String reason, String where) {
        String flag = primaryFlag();
        return new ConfigException("Error: invalid value for " + name
                + (flag.isEmpty() ? "" : " (" + flag + ")")
                + ": '" + Suggestions.abbreviate(shownValue) + "': " + reason
                + (where == null ? "" : " (from " + where + ")"));
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Collects a setting's declaration.
     *
     * @param <T> the type of the setting's value
     */
    static final class Builder<T> {
        private final String name;
        private final ValueParser<T> parser;
        private List<String> flags = List.of();
        private Section section;
        private T defaultValue;
        private String defaultText;
        private String environmentVariable;
        private UnaryOperator<String> environmentToRaw;
        private boolean negatedFlag;
        private String bareValue;
        private String summary;
        private String description;

        private Builder(String name, ValueParser<T> parser) {
            this.name = name;
            this.parser = parser;
        }

        Builder<T> flags(String... flags) {
            this.flags = List.of(flags);
            return this;
        }

        Builder<T> negatedFlag(String flag) {
            this.flags = List.of(flag);
            this.negatedFlag = true;
            return this;
        }

        Builder<T> bareValue(String value) {
            this.bareValue = value;
            return this;
        }

        Builder<T> section(Section section) {
            this.section = section;
            return this;
        }

        Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        Builder<T> defaultText(String text) {
            this.defaultText = text;
            return this;
        }

        Builder<T> defaultFromEnvironment(String variable, UnaryOperator<String> toRaw) {
            this.environmentVariable = variable;
            this.environmentToRaw = toRaw;
            return this;
        }

        Builder<T> summary(String summary) {
            this.summary = summary;
            return this;
        }

        Builder<T> description(String description) {
            this.description = description;
            return this;
        }

        Setting<T> build() {
            return new Setting<>(this);
        }
    }
}
