package io.loomicorn.bench.load;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The second baseline server: Helidon SE's web server (a virtual thread per connection, the
 * model of {@code -k vthread}) with a plain handler, started by the runner as its own JVM so
 * that its CPU time and RSS are measured like a Loomicorn master's and workers'.
 *
 * <p>It answers the routes of {@link UndertowBaseline} the way a blocking-style server
 * would: {@code /} Hello, World!; {@code /sleep?ms=N} by sleeping the request's virtual
 * thread; {@code /spin?ms=N} by burning CPU; {@code /bytes?n=N} with one shared byte array
 * and a Content-Length.
 *
 * <p>It runs from its own jars ({@code benchmarks/target/helidon-lib}, next to
 * {@code benchmarks.jar}), not from the shaded jar:
 * <pre>java -cp benchmarks.jar:helidon-lib/* io.loomicorn.bench.load.HelidonBaseline HOST PORT</pre>
 * It prints {@code Listening at: http://HOST:PORT (PID)} once it accepts connections.
 */
public final class HelidonBaseline {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ConcurrentHashMap<Long, byte[]> BODIES = new ConcurrentHashMap<>();

    private HelidonBaseline() {
    }

    /**
     * Starts the server.
     *
     * @param args host and port (0 for any free one)
     */
    public static void main(String[] args) {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .routing(routing -> routing.any(HelidonBaseline::handle))
                .build()
                .start();
        System.out.println("Listening at: http://" + host + ":" + server.port() + " (" + ProcessHandle.current().pid() + ")");
        System.out.flush();
    }

    private static void handle(ServerRequest request, ServerResponse response) throws InterruptedException {
        String query = request.query().rawValue();
        switch (request.path().path()) {
            case "/" -> text(response, HELLO);
            case "/sleep" -> {
                long ms = param(query, "ms");
                Thread.sleep(ms);
                text(response, ascii("slept " + ms));
            }
            case "/spin" -> {
                long end = System.nanoTime() + param(query, "ms") * 1_000_000;
                long x = 0;
                while (System.nanoTime() - end < 0) {
                    x += x * 31 + 7;
                }
                text(response, ascii("spun" + (x == 42 ? "!" : "")));
            }
            case "/bytes" -> {
                byte[] body = BODIES.computeIfAbsent(param(query, "n"), HelidonBaseline::filled);
                response.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
                response.send(body);
            }
            default -> {
                response.status(Status.NOT_FOUND_404);
                text(response, ascii("Not Found"));
            }
        }
    }

    private static void text(ServerResponse response, byte[] body) {
        response.header(HeaderNames.CONTENT_TYPE, "text/plain");
        response.send(body);
    }

    private static long param(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return Math.max(0, Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(long n) {
        byte[] fill = new byte[(int) Math.min(n, 64 * 1024 * 1024)];
        for (int i = 0; i < fill.length; i++) {
            fill[i] = (byte) ('a' + i % 26);
        }
        return fill;
    }
}
