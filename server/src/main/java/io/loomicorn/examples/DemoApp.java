package io.loomicorn.examples;

import io.loomicorn.app.App;
import io.loomicorn.http.Headers;
import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.internal.JsonStrings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The demo application. Its routes and the shape of {@code /echo} are a contract that
 * tests, benchmarks and the README rely on:
 * <ul>
 *   <li>{@code /}: {@code Hello, World!};</li>
 *   <li>{@code /echo}, {@code /echo/...}, any method: a JSON description of the request
 *       ({@code method, target, path, query, version, headers, body_length, body_sha256,
 *       trailers, remote_addr, scheme, worker_pid}), the body read as a stream;</li>
 *   <li>{@code /sleep?ms=N}: blocks N ms, then {@code slept N};</li>
 *   <li>{@code /spin?ms=N}: burns CPU for N ms;</li>
 *   <li>{@code /stream?chunks=N&size=B}: N chunks of B bytes, flushing each;</li>
 *   <li>{@code /bytes?n=N}: N bytes with a Content-Length: up to 1 MiB from one shared
 *       read-only direct buffer ({@link Response#send(ByteBuffer)}, as the
 *       benchmarks' Undertow baseline sends), larger bodies streamed in 64 KiB writes;</li>
 *   <li>{@code /pid}: the worker's process id;</li>
 *   <li>{@code /exit}: halts the worker process at once (for crash tests);</li>
 *   <li>{@code /fail}: throws before answering, which the server answers with a 500.</li>
 * </ul>
 */
public final class DemoApp implements App {

    private static final long PID = ProcessHandle.current().pid();
    private static final byte[] FILL = new byte[64 * 1024];

    static {
        for (int i = 0; i < FILL.length; i++) {
            FILL[i] = (byte) ('a' + i % 26);
        }
    }

    /** Creates the app. */
    public DemoApp() {
    }

    /** The bytes of {@code /bytes} up to 1 MiB, made on the route's first request only. */
    private static final class SharedBody {
        static final int BYTES = 1024 * 1024;
        static final ByteBuffer BUFFER;

        static {
            ByteBuffer b = ByteBuffer.allocateDirect(BYTES);
            while (b.hasRemaining()) {
                b.put(FILL, 0, Math.min(FILL.length, b.remaining()));
            }
            BUFFER = b.flip().asReadOnlyBuffer();
        }
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        String path = request.path();
        if (path.equals("/echo") || path.startsWith("/echo/")) {
            echo(request, response);
            return;
        }
        switch (path) {
            case "/" -> text(response, "Hello, World!");
            case "/sleep" -> {
                long ms = param(request, "ms", 0);
                Thread.sleep(ms);
                text(response, "slept " + ms);
            }
            case "/spin" -> {
                long ms = param(request, "ms", 0);
                long end = System.nanoTime() + ms * 1_000_000;
                long x = 0;
                while (System.nanoTime() - end < 0) {
                    x += x * 31 + 7;
                }
                text(response, "spun " + ms + (x == 42 ? "!" : ""));
            }
            case "/stream" -> stream(request, response);
            case "/bytes" -> bytes(request, response);
            case "/pid" -> text(response, Long.toString(PID));
            case "/exit" -> Runtime.getRuntime().halt(1);
            case "/fail" -> throw new IllegalStateException("DemoApp /fail: an application error, answered 500");
            default -> {
                response.status(404);
                text(response, "Not Found: " + path);
            }
        }
    }

    private static void echo(Request request, Response response) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long length = 0;
        byte[] buf = new byte[16 * 1024];
        try (InputStream body = request.body()) {
            for (int n; (n = body.read(buf)) >= 0; ) {
                sha.update(buf, 0, n);
                length += n;
            }
        }
        StringBuilder json = new StringBuilder(512).append('{');
        field(json, "method", request.method()).append(',');
        field(json, "target", request.target()).append(',');
        field(json, "path", request.path()).append(',');
        field(json, "query", request.query()).append(',');
        field(json, "version", request.version()).append(',');
        pairs(json.append("\"headers\":"), request.headers()).append(',');
        json.append("\"body_length\":").append(length).append(',');
        field(json, "body_sha256", HexFormat.of().formatHex(sha.digest())).append(',');
        pairs(json.append("\"trailers\":"), request.trailers()).append(',');
        field(json, "remote_addr", host(request.remoteAddress())).append(',');
        field(json, "scheme", request.scheme()).append(',');
        json.append("\"worker_pid\":").append(PID).append('}');
        response.headers().set("Content-Type", "application/json");
        response.send(json.toString());
    }

    private static void stream(Request request, Response response) throws IOException {
        int chunks = (int) param(request, "chunks", 1);
        int size = (int) param(request, "size", 1024);
        response.headers().set("Content-Type", "application/octet-stream");
        OutputStream out = response.body();
        byte[] chunk = size <= FILL.length ? Arrays.copyOf(FILL, size) : new byte[size];
        for (int i = 0; i < chunks; i++) {
            out.write(chunk);
            out.flush();
        }
    }

    private static void bytes(Request request, Response response) throws IOException {
        long n = param(request, "n", 0);
        response.headers().set("Content-Type", "application/octet-stream");
        if (n <= SharedBody.BYTES) {
            response.send(SharedBody.BUFFER.slice(0, (int) n));
            return;
        }
        response.headers().set("Content-Length", Long.toString(n));
        OutputStream out = response.body();
        for (long left = n; left > 0; ) {
            int k = (int) Math.min(left, FILL.length);
            out.write(FILL, 0, k);
            left -= k;
        }
    }

    private static void text(Response response, String body) throws IOException {
        response.headers().set("Content-Type", "text/plain");
        response.send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static long param(Request request, String name, long fallback) {
        for (String pair : request.query().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return Math.max(0, Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "";
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        return JsonStrings.append(JsonStrings.append(json, name).append(':'), value == null ? "" : value);
    }

    private static StringBuilder pairs(StringBuilder json, Headers headers) {
        json.append('[');
        for (int i = 0; i < headers.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('[');
            JsonStrings.append(json, headers.name(i)).append(',');
            JsonStrings.append(json, headers.value(i)).append(']');
        }
        return json.append(']');
    }
}
