package io.loomicorn.config;

/**
 * What {@link ConfigLoader#load} decided. The caller prints and exits; this package never
 * does either.
 */
public sealed interface LoadResult {

    /**
     * Run the server with this configuration.
     *
     * @param config the resolved settings
     */
    record Run(Config config) implements LoadResult {
    }

    /**
     * {@code --help} was given: print the text to standard output and exit with 0.
     *
     * @param text the usage help, ending with a line break
     */
    record Help(String text) implements LoadResult {
    }

    /**
     * {@code --version} was given: print the text to standard output and exit with 0.
     *
     * @param text for example {@code loomicorn (version 0.1.0-SNAPSHOT)}
     */
    record Version(String text) implements LoadResult {
    }

    /**
     * The configuration is wrong: print the line to standard error and exit with the code.
     *
     * @param oneLine  the message, starting with {@code Error: }
     * @param exitCode 1 for configuration errors, as gunicorn
     */
    record Failure(String oneLine, int exitCode) implements LoadResult {
    }
}
