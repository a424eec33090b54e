package io.loomicorn.bench.load;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The baseline server: Undertow's hello world with a non-blocking handler that runs on
 * the I/O thread, started by the runner as its own JVM so that its CPU time and RSS are
 * measured like a Loomicorn master's and workers'.
 *
 * <p>It answers the routes of the scenarios the way an event-loop server would, without
 * blocking an I/O thread: {@code /} Hello, World!; {@code /sleep?ms=N} via a timer on the
 * I/O thread; {@code /spin?ms=N} by burning CPU inline; {@code /bytes?n=N} with the
 * asynchronous sender and a shared read-only buffer.
 *
 * <pre>java -cp benchmarks.jar io.loomicorn.bench.load.UndertowBaseline HOST PORT IO_THREADS</pre>
 * It prints {@code Listening at: http://HOST:PORT (PID)} once it accepts connections.
 */
public final class UndertowBaseline implements HttpHandler {

    private static final ByteBuffer HELLO = direct("Hello, World!".getBytes(StandardCharsets.US_ASCII));
    private final ConcurrentHashMap<Long, ByteBuffer> bodies = new ConcurrentHashMap<>();

    private UndertowBaseline() {
    }

    /**
     * Starts the server.
     *
     * @param args host, port (0 for any free one) and the number of I/O threads
     */
    public static void main(String[] args) {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int ioThreads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Undertow server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(ioThreads)
                .setHandler(new UndertowBaseline())
                .build();
        server.start();
        InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        System.out.println("Listening at: http://" + host + ":" + bound.getPort() + " (" + ProcessHandle.current().pid() + ")");
        System.out.flush();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        switch (exchange.getRequestPath()) {
            case "/" -> text(exchange, HELLO.duplicate());
            case "/sleep" -> {
                long ms = param(exchange, "ms");
                exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(
                        () -> text(exchange, ascii("slept " + ms)), ms, TimeUnit.MILLISECONDS));
            }
            case "/spin" -> {
                long end = System.nanoTime() + param(exchange, "ms") * 1_000_000;
                long x = 0;
                while (System.nanoTime() - end < 0) {
                    x += x * 31 + 7;
                }
                text(exchange, ascii("spun" + (x == 42 ? "!" : "")));
            }
            case "/bytes" -> {
                long n = param(exchange, "n");
                ByteBuffer body = bodies.computeIfAbsent(n, UndertowBaseline::filled).duplicate();
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, n);
                exchange.getResponseSender().send(body);
            }
            default -> {
                exchange.setStatusCode(404);
                text(exchange, ascii("Not Found"));
            }
        }
    }

    private static void text(HttpServerExchange exchange, ByteBuffer body) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(body);
    }

    private static long param(HttpServerExchange exchange, String name) {
        Deque<String> v = exchange.getQueryParameters().get(name);
        try {
            return v == null || v.isEmpty() ? 0 : Math.max(0, Long.parseLong(v.peekFirst()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return b.asReadOnlyBuffer();
    }

    private static ByteBuffer filled(long n) {
        byte[] fill = new byte[(int) Math.min(n, 64 * 1024 * 1024)];
        for (int i = 0; i < fill.length; i++) {
            fill[i] = (byte) ('a' + i % 26);
        }
        return direct(fill);
    }
}
