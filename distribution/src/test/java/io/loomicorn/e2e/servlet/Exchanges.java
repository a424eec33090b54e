package io.loomicorn.e2e.servlet;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Raw exchanges and the normal form in which two containers' responses are compared. */
final class Exchanges {

    /**
     * Headers that differ between any two servers by nature: Date and Server, and Connection,
     * which the server's connection management decides (RFC 9112 §9.6; Loomicorn's sync
     * worker closes every connection), not the servlet container.
     */
    static final Set<String> ALWAYS_IGNORED = Set.of("date", "server", "connection");

    private Exchanges() {
    }

    static HttpResponse exchange(int port, String request) throws IOException {
        try (HttpTestClient c = HttpTestClient.connect("127.0.0.1", port, 20_000)) {
            c.send(request.getBytes(StandardCharsets.UTF_8));
            return request.startsWith("HEAD ") ? c.readHead() : c.read();
        }
    }

    /** Status, then the headers sorted (names in lower case), less the ignored ones. */
    static String head(HttpResponse r, Set<String> ignored) {
        List<String> lines = new ArrayList<>();
        for (String[] h : r.headers()) {
            String name = h[0].toLowerCase(Locale.ROOT);
            if (!ALWAYS_IGNORED.contains(name) && !ignored.contains(name)) {
                lines.add(name + ": " + h[1]);
            }
        }
        lines.sort(null);
        return r.status() + "\n" + String.join("\n", lines);
    }
}
