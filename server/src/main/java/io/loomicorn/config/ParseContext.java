package io.loomicorn.config;

import java.nio.file.Path;

/**
 * What a value parser may need to know about the world: the directory that relative paths
 * are resolved against, and the number of CPUs that {@code workers = "2*cpu+1"} is computed
 * with. Both are passed in rather than read from the JVM so that tests can choose them.
 *
 * @param cwd      the absolute directory relative paths are resolved against
 * @param cpuCount the value of {@code cpu} in a CPU expression; at least 1
 */
public record ParseContext(Path cwd, int cpuCount) {

    /** Normalizes {@code cwd} to an absolute path and checks {@code cpuCount}. */
    public ParseContext {
        cwd = cwd.toAbsolutePath().normalize();
        if (cpuCount < 1) {
            throw new IllegalArgumentException("cpuCount must be at least 1, got " + cpuCount);
        }
    }

    /** Returns the context of this JVM: its working directory and its available processors. */
    public static ParseContext system() {
        return new ParseContext(Path.of(""), Runtime.getRuntime().availableProcessors());
    }
}
