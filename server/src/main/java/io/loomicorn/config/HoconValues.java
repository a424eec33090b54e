package io.loomicorn.config;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/** Small helpers to read HOCON scalars as text and to write HOCON literals. */
final class HoconValues {

    private HoconValues() {
    }

    /**
     * Returns the text of a scalar HOCON value: a string as it is, a number or a boolean as
     * written. Lists, objects and null are refused.
     */
    static String scalarText(ConfigValue value) {
        return switch (value.valueType()) {
            case STRING -> (String) value.unwrapped();
            case NUMBER, BOOLEAN -> value.render(ConfigRenderOptions.concise());
            case NULL -> throw new InvalidValueException("expected a value, got null");
            case LIST -> throw new InvalidValueException("expected a single value, got a list");
            case OBJECT -> throw new InvalidValueException("expected a single value, got an object");
        };
    }

    /** Returns true when the value is HOCON {@code null}. */
    static boolean isNull(ConfigValue value) {
        return value.valueType() == ConfigValueType.NULL;
    }

    /**
     * Renders a string as a quoted HOCON (JSON) string literal, as typesafe-config renders a
     * string value: the quote and the backslash escaped, the control characters below U+0020
     * as JSON's short escapes or as a six-character unicode escape, everything else as it is.
     * Written here so that a master without a config file never loads typesafe-config.
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Renders a value as it appears in an error message: HOCON text, on one line. */
    static String shown(ConfigValue value) {
        if (value.valueType() == ConfigValueType.STRING) {
            return (String) value.unwrapped();
        }
        return value.render(ConfigRenderOptions.concise());
    }
}
