package io.loomicorn.worker;

/** The application could not be loaded; the message is one line for the user. */
public final class AppLoadException extends Exception {

    /**
     * Creates the exception.
     *
     * @param message one line that says what went wrong
     */
    public AppLoadException(String message) {
        super(message);
    }
}
