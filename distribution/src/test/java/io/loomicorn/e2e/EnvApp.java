package io.loomicorn.e2e;

import io.loomicorn.app.App;

/** A test application that needs the environment variable {@code X} at load time, as the seed's app did. */
public final class EnvApp {

    private EnvApp() {
    }

    /** The application; loading fails when {@code X} is unset. */
    public static final App APP = create();

    private static App create() {
        String x = System.getenv("X");
        if (x == null) {
            throw new IllegalStateException("environment variable X is not set");
        }
        return (request, response) -> response.send("X=" + x);
    }
}
