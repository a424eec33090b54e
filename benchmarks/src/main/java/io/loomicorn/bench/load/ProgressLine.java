package io.loomicorn.bench.load;

import java.io.PrintStream;

/**
 * The one-line progress report: rewritten in place with {@code \r} on a terminal, or
 * printed as a new line every few seconds when the output is a file or a pipe.
 */
public final class ProgressLine {

    private static final long QUIET_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private int lastLength;
    private long lastPrinted = System.nanoTime() - QUIET_NANOS;

    /**
     * Creates a progress line.
     *
     * @param out      where it goes
     * @param terminal whether {@code out} is a terminal
     */
    public ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Whether this JVM's standard output is a terminal. */
    public static boolean stdoutIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /**
     * Shows the current state.
     *
     * @param text one line, without a line break
     */
    public synchronized void update(String text) {
        if (terminal) {
            out.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
            out.flush();
            lastLength = text.length();
        } else if (System.nanoTime() - lastPrinted >= QUIET_NANOS) {
            out.println(text);
            lastPrinted = System.nanoTime();
        }
    }

    /**
     * Prints a line that stays, replacing the progress line on a terminal.
     *
     * @param text the line
     */
    public synchronized void println(String text) {
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        out.println(text);
        out.flush();
    }
}
