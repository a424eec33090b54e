package io.loomicorn.logging;

import io.loomicorn.engine.ConnectionInfo;
import io.loomicorn.engine.ServerRequest;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.proxy.ProxySettings;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log atoms of a request that came through a trusted proxy, on the engine's real
 * request: {@code h} and the scheme follow what the proxy said, {@code {x-forwarded-for}i}
 * stays the raw header, {@code U} is the path below the mount point.
 */
class ProxiedAccessLogTest {

    private static String render(InetSocketAddress peer, String head, String format) {
        RequestParser parser = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(parser.parse(in)).isEqualTo(RequestParser.Status.COMPLETE);
        InetSocketAddress listener = new InetSocketAddress("127.0.0.1", 8000);
        ConnectionInfo info = new ConnectionInfo(peer, listener, listener, ProxySettings.defaults().connect(peer));
        ServerRequest request = ServerRequest.create(parser.head(), info, parser.body(), in, b -> false, null);
        request.applyProxies();
        Exchange x = new Exchange(request, new StubExchange.StubResponse(), 2, 1_000, 0);
        return AccessLogFormat.parse(format).render(x);
    }

    private static final String FORMAT = "%(h)s|%({x-forwarded-for}i)s|%(U)s|%({script_name}e)s|%({path_info}e)s"
            + "|%({wsgi.url_scheme}e)s|%({remote_addr}e)s|%({remote_port}e)s|%({server_name}e)s|%({server_port}e)s"
            + "|%(r)s";

    private static final String HEAD = "GET /app/cart?id=7 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
            + "X-Forwarded-For: 6.6.6.6, 198.51.100.1\r\nX-Forwarded-Proto: https\r\n"
            + "X-Forwarded-Host: shop.example\r\nSCRIPT_NAME: /app\r\n\r\n";

    @Test
    void behindATrustedProxyTheAtomsFollowWhatItSaid() {
        assertThat(render(new InetSocketAddress("127.0.0.1", 50000), HEAD, FORMAT)).isEqualTo(
                "198.51.100.1|6.6.6.6, 198.51.100.1|/cart|/app|/cart|https|198.51.100.1|-|shop.example|443"
                        + "|GET /app/cart?id=7 HTTP/1.1");
    }

    @Test
    void fromAnUntrustedPeerOnlyTheRawHeaderShowsWhatItClaimed() {
        assertThat(render(new InetSocketAddress("203.0.113.9", 50000), HEAD, FORMAT)).isEqualTo(
                "203.0.113.9|6.6.6.6, 198.51.100.1|/app/cart||/app/cart|http|203.0.113.9|50000|127.0.0.1|8000"
                        + "|GET /app/cart?id=7 HTTP/1.1");
    }
}
