package io.loomicorn.proxy;

import io.loomicorn.http.parser.ParseError;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.http.parser.RequestParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProxiedConnection} as a connection driver uses it: the PROXY header, then the HTTP
 * parser on the same buffer, for every split of the input; and who is trusted afterwards.
 */
class ProxiedConnectionTest {

    private static final InetSocketAddress LOOPBACK_PEER = new InetSocketAddress("127.0.0.1", 40000);

    private static ProxySettings settings(String proxyProtocol, List<String> forwardedAllow, List<String> proxyAllow) {
        return ProxySettings.of(forwardedAllow, ProxySettings.DEFAULT_SECURE_SCHEME_HEADERS,
                ProxySettings.DEFAULT_FORWARDER_HEADERS, "", ProxyProtocolMode.parse(proxyProtocol), proxyAllow,
                ForwardedStyle.X_FORWARDED);
    }

    /** What a driver saw: the request lines it parsed, and the error it answered with, if any. */
    record Served(List<String> requests, ParseError error, ProxiedConnection proxy) {
        boolean sameAs(Served o) {
            return requests.equals(o.requests) && java.util.Objects.equals(error, o.error)
                    && java.util.Objects.equals(proxy.header(), o.proxy.header()) && proxy.trusted() == o.proxy.trusted();
        }
    }

    /** Drives a connection as BlockingConnection does: the header hook first, then requests (without bodies). */
    private static Served serve(ProxySettings s, SocketAddress peer, byte[] input, int[] cuts) {
        ProxiedConnection proxy = s.connect(peer);
        RequestParser parser = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = ByteBuffer.allocate(input.length + 16).flip();
        List<byte[]> segments = DecoderReplay.segments(input, cuts);
        int fed = 0;
        List<String> requests = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (first) {
                ProxiedConnection.Prelude step;
                while ((step = proxy.readHeader(in)) == ProxiedConnection.Prelude.NEED_MORE) {
                    if (fed == segments.size()) {
                        step = proxy.endOfInput();
                        break;
                    }
                    in.compact().put(segments.get(fed++)).flip();
                }
                if (step == ProxiedConnection.Prelude.FAILED) {
                    return new Served(requests, proxy.headerError(), proxy);
                }
            }
            RequestParser.Status status;
            while ((status = parser.parse(in)) == RequestParser.Status.NEED_MORE) {
                if (fed == segments.size()) {
                    return new Served(requests, null, proxy);
                }
                in.compact().put(segments.get(fed++)).flip();
            }
            if (status == RequestParser.Status.ERROR) {
                return new Served(requests, parser.error(), proxy);
            }
            requests.add(parser.head().toString());
            parser.reset();
            first = false;
        }
    }

    private static Served everySplit(ProxySettings s, SocketAddress peer, byte[] input) {
        Served whole = serve(s, peer, input, new int[0]);
        for (int cut = 1; cut < input.length; cut++) {
            Served split = serve(s, peer, input, new int[] {cut});
            assertThat(split.sameAs(whole)).as("split at " + cut + ": " + split + " vs " + whole).isTrue();
        }
        int[] every = new int[input.length - 1];
        for (int i = 0; i < every.length; i++) {
            every[i] = i + 1;
        }
        assertThat(serve(s, peer, input, every).sameAs(whole)).as("byte by byte").isTrue();
        return whole;
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private static final String GET = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void aHeaderThenPipelinedRequests() {
        Served s = everySplit(settings("auto", ProxySettings.LOCALHOST, ProxySettings.LOCALHOST), LOOPBACK_PEER,
                bytes("PROXY TCP4 203.0.113.7 10.0.0.1 5000 80\r\n", GET, GET));
        assertThat(s.requests()).containsExactly("GET /a HTTP/1.1", "GET /a HTTP/1.1");
        assertThat(s.error()).isNull();
        assertThat(s.proxy().client()).isEqualTo(new InetSocketAddress("203.0.113.7", 5000));
        assertThat(s.proxy().peer()).isEqualTo(LOOPBACK_PEER);
    }

    @Test
    void aPROXYHeaderOnALaterRequestIsAMalformedRequest() {
        ProxySettings s = settings("auto", ProxySettings.LOCALHOST, ProxySettings.LOCALHOST);
        Served v1 = everySplit(s, LOOPBACK_PEER, bytes("PROXY TCP4 203.0.113.7 10.0.0.1 5000 80\r\n", GET,
                "PROXY TCP4 198.51.100.1 10.0.0.1 5000 80\r\n", GET));
        assertThat(v1.requests()).containsExactly("GET /a HTTP/1.1");
        assertThat(v1.error().status()).isEqualTo(400);
        assertThat(v1.error().kind()).isEqualTo(ParseError.Kind.INVALID_REQUEST_LINE);
        assertThat(v1.proxy().client()).isEqualTo(new InetSocketAddress("203.0.113.7", 5000));

        Served v2 = everySplit(s, LOOPBACK_PEER, bytes(GET, V2Header.tcp4("198.51.100.1", 1, "10.0.0.1", 80).bytes(), GET));
        assertThat(v2.requests()).containsExactly("GET /a HTTP/1.1");
        assertThat(v2.error().status()).isEqualTo(400);
        assertThat(v2.proxy().header()).isNull();
        assertThat(v2.proxy().client()).isEqualTo(LOOPBACK_PEER);
    }

    @Test
    void withTheProtocolOffAPROXYLineIsAMalformedRequest() {
        Served s = everySplit(ProxySettings.defaults(), LOOPBACK_PEER,
                bytes("PROXY TCP4 203.0.113.7 10.0.0.1 5000 80\r\n", GET));
        assertThat(s.requests()).isEmpty();
        assertThat(s.error().status()).isEqualTo(400);
        assertThat(s.proxy().client()).isEqualTo(LOOPBACK_PEER);
    }

    @Test
    void aSenderOutsideProxyAllowIpsGets403AndOthersAreServed() {
        ProxySettings s = settings("auto", ProxySettings.LOCALHOST, List.of("10.0.0.0/8"));
        Served refused = everySplit(s, LOOPBACK_PEER, bytes("PROXY TCP4 203.0.113.7 10.0.0.1 5000 80\r\n", GET));
        assertThat(refused.error().status()).isEqualTo(403);
        assertThat(refused.requests()).isEmpty();
        Served unix = everySplit(s, UnixDomainSocketAddress.of("/run/app.sock"),
                bytes("PROXY TCP4 203.0.113.7 10.0.0.1 5000 80\r\n", GET));
        assertThat(unix.error()).isNull();
        assertThat(unix.proxy().client()).isEqualTo(new InetSocketAddress("203.0.113.7", 5000));
        Served plain = everySplit(s, LOOPBACK_PEER, bytes(GET));
        assertThat(plain.requests()).containsExactly("GET /a HTTP/1.1");
    }

    @Test
    void aMalformedHeaderIs400AndNothingAfterItIsParsed() {
        Served s = everySplit(settings("v1", ProxySettings.LOCALHOST, ProxySettings.LOCALHOST), LOOPBACK_PEER,
                bytes("PROXY TCP4 203.0.113.7 10.0.0.1 5000\r\n", GET));
        assertThat(s.error().status()).isEqualTo(400);
        assertThat(s.error().kind()).isEqualTo(ParseError.Kind.INVALID_PROXY_HEADER);
        assertThat(s.requests()).isEmpty();
    }

    @Test
    void forwardedHeadersAreTrustedOnTheClientAPROXYHeaderNames() {
        ProxySettings s = settings("auto", List.of("127.0.0.0/8"), ProxySettings.LOCALHOST);
        // The PROXY sender (127.0.0.1) is trusted, but it only relays: the client named is not.
        Served outside = serve(s, LOOPBACK_PEER, bytes("PROXY TCP4 203.0.113.7 10.0.0.1 5000 80\r\n", GET), new int[0]);
        assertThat(outside.proxy().trusted()).isFalse();
        Served inside = serve(s, LOOPBACK_PEER, bytes("PROXY TCP4 127.0.0.2 10.0.0.1 5000 80\r\n", GET), new int[0]);
        assertThat(inside.proxy().trusted()).isTrue();
        Served unknown = serve(s, LOOPBACK_PEER, bytes("PROXY UNKNOWN\r\n", GET), new int[0]);
        assertThat(unknown.proxy().trusted()).isTrue();
        assertThat(unknown.proxy().client()).isEqualTo(LOOPBACK_PEER);
        Served none = serve(s, new InetSocketAddress("203.0.113.9", 1), bytes(GET), new int[0]);
        assertThat(none.proxy().trusted()).isFalse();
        // A sender allowed to send PROXY headers cannot make itself trusted by naming a trusted client.
        ProxySettings anySender = settings("auto", List.of("127.0.0.0/8"), List.of("*"));
        Served claim = serve(anySender, new InetSocketAddress("203.0.113.9", 1),
                bytes("PROXY TCP4 127.0.0.1 10.0.0.1 5000 80\r\n", GET), new int[0]);
        assertThat(claim.proxy().client()).isEqualTo(new InetSocketAddress("127.0.0.1", 5000));
        assertThat(claim.proxy().trusted()).isFalse();
    }

    @Test
    void theTlsFlagOfAV2HeaderMakesTheSchemeHttps() {
        ProxySettings s = settings("v2", ProxySettings.LOCALHOST, ProxySettings.LOCALHOST);
        Served tls = serve(s, LOOPBACK_PEER, bytes(V2Header.tcp4("203.0.113.7", 1, "10.0.0.1", 443)
                .ssl(1, "TLSv1.3", null).tlv(0x02, "shop.example").bytes(), GET), new int[0]);
        assertThat(tls.proxy().scheme()).isEqualTo("https");
        assertThat(tls.proxy().tls()).hasValueSatisfying(t -> assertThat(t.serverName()).contains("shop.example"));
        Served plain = serve(s, LOOPBACK_PEER, bytes(V2Header.tcp4("203.0.113.7", 1, "10.0.0.1", 80).bytes(), GET),
                new int[0]);
        assertThat(plain.proxy().scheme()).isEqualTo("http");
        assertThat(plain.proxy().tls()).isEmpty();
    }
}
