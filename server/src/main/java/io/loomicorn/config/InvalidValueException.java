package io.loomicorn.config;

/**
 * Thrown by a {@link ValueParser} when a value is not allowed. It carries only the reason
 * ("expected an integer >= 1"); {@link Setting} adds the setting's name, flag and the value,
 * and turns it into a {@link ConfigException}.
 */
final class InvalidValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason what is allowed, phrased to follow "'value': " in a message */
    InvalidValueException(String reason) {
        super(reason, null, false, false);
    }

    /** Returns what is allowed (or what is wrong). */
    String reason() {
        return getMessage();
    }
}
