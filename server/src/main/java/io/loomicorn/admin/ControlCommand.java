package io.loomicorn.admin;

import java.util.List;

/**
 * A command of the control socket ({@code loomicorn ctl}), parsed from its one line.
 *
 * <p>Reading commands ({@link Status}, {@link Workers}) are answered from the master's view;
 * the others are {@link Action}s, which the arbiter carries out as it carries out the signal
 * each one stands for ({@link Action#signals()}), by the same rules.
 */
public sealed interface ControlCommand {

    /** What {@code loomicorn ctl help} and an unknown command list. */
    String USAGE = "status, workers, add N, remove N, reload, reopen-logs, stop [--graceful]";

    /** The most workers one {@code add} or {@code remove} may ask for. */
    int MAX_COUNT = 1000;

    /** {@code status}: the master, its workers in short, its requests. */
    record Status() implements ControlCommand {
    }

    /** {@code workers}: one line per worker. */
    record Workers() implements ControlCommand {
    }

    /** A command that changes something; carried out by the arbiter. */
    sealed interface Action extends ControlCommand {

        /** Returns the signals it stands for, in order. */
        List<String> signals();
    }

    /**
     * {@code add N}: N more workers (TTIN, N times).
     *
     * @param count N
     */
    record Add(int count) implements Action {
        @Override
        public List<String> signals() {
            return java.util.Collections.nCopies(count, "TTIN");
        }
    }

    /**
     * {@code remove N}: N fewer workers, never below one (TTOU, N times).
     *
     * @param count N
     */
    record Remove(int count) implements Action {
        @Override
        public List<String> signals() {
            return java.util.Collections.nCopies(count, "TTOU");
        }
    }

    /** {@code reload}: HUP. */
    record Reload() implements Action {
        @Override
        public List<String> signals() {
            return List.of("HUP");
        }
    }

    /** {@code reopen-logs}: USR1. */
    record ReopenLogs() implements Action {
        @Override
        public List<String> signals() {
            return List.of("USR1");
        }
    }

    /**
     * {@code stop}: INT (at once); {@code stop --graceful}: TERM (drain within {@code graceful_timeout}).
     *
     * @param graceful whether to drain
     */
    record Stop(boolean graceful) implements Action {
        @Override
        public List<String> signals() {
            return List.of(graceful ? "TERM" : "INT");
        }
    }

    /**
     * Parses one command line.
     *
     * @param line the line, e.g. {@code add 2}
     * @return the command
     * @throws IllegalArgumentException with one line for the user
     */
    static ControlCommand parse(String line) {
        String[] words = line.trim().split("\\s+");
        String name = words[0];
        int args = words.length - 1;
        return switch (name) {
            case "status" -> noArguments(new Status(), words);
            case "workers" -> noArguments(new Workers(), words);
            case "reload" -> noArguments(new Reload(), words);
            case "reopen-logs" -> noArguments(new ReopenLogs(), words);
            case "add" -> new Add(count(words));
            case "remove" -> new Remove(count(words));
            case "stop" -> {
                if (args == 0) {
                    yield new Stop(false);
                }
                if (args == 1 && words[1].equals("--graceful")) {
                    yield new Stop(true);
                }
                throw new IllegalArgumentException("stop takes no argument but --graceful");
            }
            case "" -> throw new IllegalArgumentException("no command; commands: " + USAGE);
            default -> throw new IllegalArgumentException("unknown command '" + line.trim() + "'; commands: " + USAGE);
        };
    }

    private static ControlCommand noArguments(ControlCommand command, String[] words) {
        if (words.length > 1) {
            throw new IllegalArgumentException(words[0] + " takes no argument");
        }
        return command;
    }

    private static int count(String[] words) {
        if (words.length == 1) {
            return 1;
        }
        if (words.length == 2) {
            try {
                int n = Integer.parseInt(words[1]);
                if (n >= 1 && n <= MAX_COUNT) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw new IllegalArgumentException(words[0] + " takes one count from 1 to " + MAX_COUNT + ", e.g. '"
                + words[0] + " 2'");
    }
}
