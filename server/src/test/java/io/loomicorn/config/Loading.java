package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

/** Runs {@link ConfigLoader} with an injected environment and a CPU count of {@value #CPUS}. */
final class Loading {

    static final int CPUS = 4;

    private Loading() {
    }

    static LoadResult load(Path cwd, Map<String, String> env, String... args) {
        return ConfigLoader.load(args, env, cwd, CPUS);
    }

    /** Loads and expects a configuration to run with. */
    static Config config(Path cwd, Map<String, String> env, String... args) {
        LoadResult result = load(cwd, env, args);
        assertThat(result).as("result of %s", String.join(" ", args)).isInstanceOf(LoadResult.Run.class);
        return ((LoadResult.Run) result).config();
    }

    static Config config(Path cwd, String... args) {
        return config(cwd, Map.of(), args);
    }

    /** Loads, expects a failure with exit code 1 and a one-line message; returns the message. */
    static String failure(Path cwd, Map<String, String> env, String... args) {
        LoadResult result = load(cwd, env, args);
        assertThat(result).as("result of %s", String.join(" ", args)).isInstanceOf(LoadResult.Failure.class);
        LoadResult.Failure failure = (LoadResult.Failure) result;
        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.oneLine()).startsWith("Error: ").doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("Exception").doesNotContain("\tat ");
        return failure.oneLine();
    }

    static String failure(Path cwd, String... args) {
        return failure(cwd, Map.of(), args);
    }
}
