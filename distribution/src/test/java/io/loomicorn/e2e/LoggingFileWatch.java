package io.loomicorn.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads log files that a running server writes, for the logging end-to-end tests. */
final class LoggingFileWatch {

    private static final Pattern LISTENING = Pattern.compile("Listening at: http://127\\.0\\.0\\.1:(\\d+) ");
    private static final Pattern BOOTING = Pattern.compile("\\[(\\d+)] \\[INFO] \\[worker] Booting worker with pid: (\\d+)");

    private LoggingFileWatch() {
    }

    /** The file's lines; none if it does not exist yet. */
    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until at least {@code count} lines match, and returns the file's lines. */
    static List<String> await(Path file, Predicate<String> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = lines(file);
            if (lines.stream().filter(match).count() >= count) {
                return lines;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + count + " matching line(s) in "
                        + file + ":\n" + String.join("\n", lines));
            }
            sleep(20);
        }
    }

    /** Waits for a line containing {@code text}. */
    static String await(Path file, String text) {
        return await(file, l -> l.contains(text), 1, Duration.ofSeconds(60)).stream()
                .filter(l -> l.contains(text)).findFirst().orElseThrow();
    }

    /** Waits for the master's listener line in an error log file and returns the port. */
    static int port(Path errorLog) {
        Matcher m = LISTENING.matcher(await(errorLog, "Listening at: http://127.0.0.1:"));
        if (!m.find()) {
            throw new AssertionError("no port");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Waits until {@code n} workers logged that they boot, and returns their pids. */
    static List<Long> workers(Path errorLog, int n) {
        return await(errorLog, l -> BOOTING.matcher(l).find(), n, Duration.ofSeconds(90)).stream()
                .map(BOOTING::matcher).filter(Matcher::find)
                .map(m -> {
                    if (!m.group(1).equals(m.group(2))) {
                        throw new AssertionError("a worker logged another pid than its own: " + m.group());
                    }
                    return Long.parseLong(m.group(2));
                }).toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
