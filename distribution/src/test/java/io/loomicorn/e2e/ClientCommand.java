package io.loomicorn.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client program of a test (curl, openssl, python3) to its end, feeding it a
 * script on standard input, and returns its exit code with its standard output and error.
 * A program that outlives its time limit is killed (by its own handle) and reported as
 * such, so that a hanging client fails a test instead of hanging it.
 *
 * @param exit   the exit code
 * @param output standard output and standard error, interleaved
 */
record ClientCommand(int exit, String output) {

    /** Exit code reported for a program killed at its time limit. */
    static final int TIMED_OUT = -1;

    /**
     * Runs a program with nothing on standard input.
     *
     * @param limit   how long it may run
     * @param command the program and its arguments
     * @return its exit code and output
     */
    static ClientCommand run(Duration limit, List<String> command) throws IOException, InterruptedException {
        return run(limit, List.of(), command);
    }

    /**
     * Runs a program and writes {@code stdin} to it: each element is either a
     * {@link String}, written as it is, or a {@link Duration}, a pause. Standard input is
     * closed after the last element.
     *
     * @param limit   how long it may run
     * @param stdin   the script
     * @param command the program and its arguments
     * @return its exit code and output
     */
    static ClientCommand run(Duration limit, List<?> stdin, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (OutputStream in = p.getOutputStream()) {
                for (Object step : stdin) {
                    if (step instanceof Duration pause) {
                        Thread.sleep(pause);
                    } else {
                        in.write(step.toString().getBytes(StandardCharsets.ISO_8859_1));
                        in.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the program ended first: its exit code and output tell
            }
        });
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (output) {
                    output.append(all);
                }
            } catch (IOException e) {
                // killed
            }
        });
        boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        feeder.interrupt();
        synchronized (output) {
            return new ClientCommand(ended ? p.exitValue() : TIMED_OUT, output.toString());
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + ":\n" + output;
    }
}
