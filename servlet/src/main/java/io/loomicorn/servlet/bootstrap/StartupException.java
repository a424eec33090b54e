package io.loomicorn.servlet.bootstrap;

/** The application failed to start; the message says which part and why, in one line. */
public final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** One line for a cause: its simple type and message. */
    static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.lang.reflect.InvocationTargetException || c instanceof jakarta.servlet.ServletException)
                && c.getCause() != null && c.getCause() != c) {
            if (c instanceof jakarta.servlet.ServletException && c.getMessage() != null && !c.getMessage().isEmpty()
                    && c.getCause().getMessage() != null && !c.getMessage().contains(c.getCause().getMessage())) {
                break;
            }
            c = c.getCause();
        }
        String msg = c.getMessage();
        String line = c.getClass().getName() + (msg == null ? "" : ": " + msg);
        return line.lines().findFirst().orElse(line);
    }
}
