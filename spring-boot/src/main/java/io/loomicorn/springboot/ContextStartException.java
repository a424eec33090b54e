package io.loomicorn.springboot;

/**
 * A Boot application whose context failed to start, said in one line: the innermost cause,
 * which is the one that explains (a bean's constructor that threw, a refused {@code server.*}
 * property), not the chain of bean creation exceptions around it. Boot's own failure report
 * goes to the application's logging as usual.
 */
public final class ContextStartException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param cause what the start threw */
    ContextStartException(Throwable cause) {
        super("the Spring application context failed to start: " + explain(cause), cause);
    }

    private static String explain(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String msg = c.getMessage();
        String line = c.getClass().getName() + (msg == null ? "" : ": " + msg);
        return line.lines().findFirst().orElse(line);
    }
}
