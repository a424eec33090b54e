package io.loomicorn.bench.engine;

import io.loomicorn.engine.ConnectionInfo;
import io.loomicorn.engine.ServerRequest;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.proxy.ProxiedConnection;
import io.loomicorn.proxy.ProxyProtocolMode;
import io.loomicorn.proxy.ProxySettings;
import io.loomicorn.proxy.ForwardedStyle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What applying the proxies costs per request ({@code ServerRequest.applyProxies()} plus
 * reading the values an application and the access log read), and per connection (the
 * proxy state, and a PROXY v1 header):
 * <ul>
 *   <li>{@code untrusted}: a peer outside {@code forwarded_allow_ips}: nothing to do;</li>
 *   <li>{@code trusted}: a loopback peer without forwarded headers, as on every benchmark;</li>
 *   <li>{@code nginx}: the headers the nginx example of docs/operations.md sends.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ProxyResolutionBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class ProxyResolutionBenchmark {

    private static final String WRK = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n";
    private static final String NGINX = "GET /app/cart HTTP/1.1\r\nHost: shop.example\r\n"
            + "X-Forwarded-For: 198.51.100.7\r\nX-Forwarded-Proto: https\r\nSCRIPT_NAME: /app\r\n"
            + "User-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n";
    private static final byte[] PROXY_V1 = "PROXY TCP4 198.51.100.7 10.0.0.1 51000 443\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** Which request. */
    @Param({"untrusted", "trusted", "nginx"})
    public String request;

    private ServerRequest serverRequest;
    private final InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 40000);
    private final ProxySettings proxyProtocol = ProxySettings.of(ProxySettings.LOCALHOST,
            ProxySettings.DEFAULT_SECURE_SCHEME_HEADERS, ProxySettings.DEFAULT_FORWARDER_HEADERS, "",
            ProxyProtocolMode.AUTO, ProxySettings.LOCALHOST, ForwardedStyle.X_FORWARDED);
    private final ByteBuffer proxyHeader = ByteBuffer.allocate(128);

    /** Parses the request once; the head stays valid for the whole trial. */
    @Setup(Level.Trial)
    public void setUp() {
        RequestParser parser = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = ByteBuffer.wrap((request.equals("nginx") ? NGINX : WRK).getBytes(StandardCharsets.ISO_8859_1));
        if (parser.parse(in) != RequestParser.Status.COMPLETE) {
            throw new IllegalStateException(parser.error().message());
        }
        InetSocketAddress peer = request.equals("untrusted") ? new InetSocketAddress("192.0.2.1", 40000) : loopback;
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8000);
        ConnectionInfo info = new ConnectionInfo(peer, local, local, ProxySettings.defaults().connect(peer));
        serverRequest = ServerRequest.create(parser.head(), info, parser.body(), in, b -> false, null);
    }

    /**
     * Applies the proxies and reads what the application and the access log read.
     *
     * @param bh sink
     */
    @Benchmark
    public void perRequest(Blackhole bh) {
        serverRequest.applyProxies();
        bh.consume(serverRequest.scheme());
        bh.consume(serverRequest.remoteAddress());
        bh.consume(serverRequest.serverPort());
        bh.consume(serverRequest.scriptName());
    }

    /**
     * A connection's proxy state with the default settings (what every accepted connection
     * pays): whether its peer is trusted.
     *
     * @return whether it is
     */
    @Benchmark
    public boolean perConnection() {
        return ProxySettings.defaults().connect(loopback).trusted();
    }

    /**
     * A connection's proxy state, and a PROXY v1 header read into it (with proxy_protocol on).
     *
     * @return the client it names
     */
    @Benchmark
    public Object perConnectionWithPROXYHeader() {
        ProxiedConnection c = proxyProtocol.connect(loopback);
        proxyHeader.clear();
        proxyHeader.put(PROXY_V1).flip();
        c.readHeader(proxyHeader);
        return c.client();
    }
}
