package io.loomicorn.config;

import java.util.Objects;

/**
 * Where a resolved setting's value came from, so that {@code --print-config} and error
 * messages can say why a value is what it is.
 *
 * @param kind   the kind of source
 * @param detail the environment variable for {@link Kind#ENVIRONMENT}, the file path for
 *               {@link Kind#CONFIG_FILE} (may be null when unknown), otherwise null
 */
public record Origin(Kind kind, String detail) {

    /** The kinds of source, lowest precedence first. */
    public enum Kind {
        /** The built-in default. */
        DEFAULT,
        /** A default taken from the environment: {@code PORT} or {@code WEB_CONCURRENCY}. */
        ENVIRONMENT,
        /** The HOCON config file. */
        CONFIG_FILE,
        /** The {@code LOOMICORN_CMD_ARGS} environment variable. */
        LOOMICORN_CMD_ARGS,
        /** The command line. */
        COMMAND_LINE,
        /** Set in code with {@link Config#with}, by a test or by the server itself. */
        OVERRIDE
    }

    /** The built-in default. */
    public static final Origin DEFAULT = new Origin(Kind.DEFAULT, null);
    /** The {@code LOOMICORN_CMD_ARGS} environment variable. */
    public static final Origin LOOMICORN_CMD_ARGS = new Origin(Kind.LOOMICORN_CMD_ARGS, null);
    /** The command line. */
    public static final Origin COMMAND_LINE = new Origin(Kind.COMMAND_LINE, null);
    /** Set in code. */
    public static final Origin OVERRIDE = new Origin(Kind.OVERRIDE, null);

    /** Checks that {@code detail} is given exactly for the kinds that have one. */
    public Origin {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.ENVIRONMENT && (detail == null || detail.isEmpty())) {
            throw new IllegalArgumentException("an ENVIRONMENT origin names its variable");
        }
        if (kind != Kind.ENVIRONMENT && kind != Kind.CONFIG_FILE && detail != null) {
            throw new IllegalArgumentException(kind + " has no detail");
        }
    }

    /**
     * Returns the origin of a default read from an environment variable.
     *
     * @param variable the variable's name, for example {@code PORT}
     * @return the origin
     */
    public static Origin environment(String variable) {
        return new Origin(Kind.ENVIRONMENT, variable);
    }

    /**
     * Returns the origin of a value read from a config file.
     *
     * @param path the file, or null when unknown
     * @return the origin
     */
    public static Origin configFile(String path) {
        return new Origin(Kind.CONFIG_FILE, path);
    }

    /**
     * Returns a short description for people: {@code default}, {@code environment variable PORT},
     * {@code config file /srv/app/loomicorn.conf}, {@code LOOMICORN_CMD_ARGS},
     * {@code command line} or {@code set in code}.
     *
     * @return the description
     */
    public String describe() {
        return switch (kind) {
            case DEFAULT -> "default";
            case ENVIRONMENT -> "environment variable " + detail;
            case CONFIG_FILE -> detail == null ? "config file" : "config file " + detail;
            case LOOMICORN_CMD_ARGS -> "LOOMICORN_CMD_ARGS";
            case COMMAND_LINE -> "command line";
            case OVERRIDE -> "set in code";
        };
    }

    /** Returns a form that {@link #parse} reads back: the kind's name, then the detail. */
    String encode() {
        return detail == null ? kind.name() : kind.name() + " " + detail;
    }

    /** Reads what {@link #encode} wrote; returns null when the text is not an origin. */
    static Origin parse(String encoded) {
        String text = encoded.strip();
        int space = text.indexOf(' ');
        String kindName = space < 0 ? text : text.substring(0, space);
        String detail = space < 0 ? null : text.substring(space + 1);
        for (Kind kind : Kind.values()) {
            if (kind.name().equals(kindName)) {
                try {
                    return new Origin(kind, detail);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
