package io.loomicorn.config;

/**
 * A configuration error, with a message that fits on one line and that a user can act on.
 *
 * <p>The message starts with {@code "Error: "} and is meant to be printed as it is, without a
 * stack trace, before the process exits with code 1 (as gunicorn does). Line breaks in the
 * message are replaced with spaces, so that a value read from a file can never break the
 * one-line promise.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with the given message; {@code "Error: "} is prepended when missing.
     *
     * @param message what went wrong and, where possible, how to fix it
     */
    public ConfigException(String message) {
        super(oneLine(message), null, false, false);
    }

    private static String oneLine(String message) {
        String flat = message.replaceAll("\\R", " ");
        return flat.startsWith("Error: ") ? flat : "Error: " + flat;
    }
}
