package io.loomicorn.e2e;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Third-party programs the end-to-end tests run (nginx, HAProxy, openssl): found in the usual places, or the test is skipped. */
final class Programs {

    private Programs() {
    }

    /**
     * The path of {@code name}, or the calling test is skipped with a line that says how to install it.
     *
     * @param name    the program
     * @param install the Debian command that installs it
     * @param test    the test that needs it, for the message
     */
    static String find(String name, String install, String test) {
        String found = Stream.of("/usr/sbin/", "/usr/bin/", "/usr/local/sbin/", "/usr/local/bin/")
                .map(d -> d + name).filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (found == null) {
            String reason = name + " is not installed: " + test + " needs it (Debian: " + install + "; .ci/run installs"
                    + " nginx and haproxy)";
            System.out.println("SKIPPED " + test + ": " + reason);
            Assumptions.abort(reason);
        }
        return found;
    }
}
