package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;

import java.io.IOException;
import java.nio.file.Path;

/** Small helpers shared by the end-to-end tests. */
final class E2E {

    /** The classes of this module's tests, for {@code --classpath}. */
    static final String TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath().toString();

    private E2E() {
    }

    /** One GET on a fresh connection. */
    static HttpResponse get(int port, String path) throws IOException {
        try (HttpTestClient c = HttpTestClient.connect(port)) {
            return c.exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        }
    }

    /** The pid of the worker that answers {@code /pid}. */
    static long pid(int port) throws IOException {
        return Long.parseLong(get(port, "/pid").text().strip());
    }
}
