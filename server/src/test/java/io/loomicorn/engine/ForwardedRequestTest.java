package io.loomicorn.engine;

import io.loomicorn.app.App;
import io.loomicorn.app.Request;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.proxy.ForwardedStyle;
import io.loomicorn.proxy.ProxiedConnection;
import io.loomicorn.proxy.ProxyProtocolMode;
import io.loomicorn.proxy.ProxySettings;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request's scheme, client, server name and port and mount point become from the
 * headers of trusted and untrusted hops, through the real parser, {@link ServerRequest}
 * and {@link Dispatcher}. Every spoofing attempt from an untrusted peer is asserted to be
 * ignored.
 */
class ForwardedRequestTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("203.0.113.9", 40000);
    private static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", 8000);

    /** What the application saw. */
    record Seen(String scheme, SocketAddress remote, SocketAddress peer, String serverName, int serverPort,
                String scriptName, String pathInfo, boolean secure, List<String> headerNames) {
        static Seen of(Request r) {
            List<String> names = new java.util.ArrayList<>();
            r.headers().forEach((n, v) -> names.add(n));
            return new Seen(r.scheme(), r.remoteAddress(), r.peerAddress(), r.serverName(), r.serverPort(),
                    r.scriptName(), r.pathInfo(), r.isSecure(), names);
        }
    }

    /** One exchange's result: what the app saw (null if it did not run) and the wire. */
    record Result(Seen seen, ExchangeFixture fixture) {
        int status() {
            return Integer.parseInt(fixture.text().substring(9, 12));
        }
    }

    private static ProxySettings settings(ForwardedStyle style, String rootPath) {
        return ProxySettings.of(ProxySettings.LOCALHOST, ProxySettings.DEFAULT_SECURE_SCHEME_HEADERS,
                ProxySettings.DEFAULT_FORWARDER_HEADERS, rootPath, ProxyProtocolMode.AUTO, ProxySettings.LOCALHOST, style);
    }

    private static Result exchange(ProxySettings s, SocketAddress peer, String head) {
        return exchange(s, peer, null, head, ParserConfig.defaults());
    }

    private static Result exchange(ProxySettings s, SocketAddress peer, String proxyHeader, String head,
                                   ParserConfig parser) {
        ProxiedConnection proxy = s.connect(peer);
        if (proxyHeader != null) {
            ByteBuffer in = ByteBuffer.wrap(proxyHeader.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(proxy.readHeader(in)).isEqualTo(ProxiedConnection.Prelude.DONE);
            assertThat(proxy.headerError()).isNull();
        }
        ConnectionInfo info = new ConnectionInfo(peer, LISTENER, LISTENER, proxy);
        AtomicReference<Seen> seen = new AtomicReference<>();
        App app = (request, response) -> {
            seen.set(Seen.of(request));
            response.send("ok");
        };
        ExchangeFixture f = ExchangeFixture.run(head, app, info, parser);
        return new Result(seen.get(), f);
    }

    private static Seen seen(ProxySettings s, SocketAddress peer, String head) {
        Result r = exchange(s, peer, head);
        assertThat(r.seen()).as(r.fixture().text()).isNotNull();
        return r.seen();
    }

    private static final ProxySettings X = settings(ForwardedStyle.X_FORWARDED, "");

    @Test
    void withoutForwardedHeadersTheConnectionStands() {
        Seen s = seen(X, LOOPBACK, "GET /a HTTP/1.1\r\nHost: shop.example\r\n\r\n");
        assertThat(s.scheme()).isEqualTo("http");
        assertThat(s.secure()).isFalse();
        assertThat(s.remote()).isEqualTo(LOOPBACK);
        assertThat(s.peer()).isEqualTo(LOOPBACK);
        assertThat(s.serverName()).isEqualTo("shop.example");
        assertThat(s.serverPort()).isEqualTo(80);
        assertThat(s.scriptName()).isEmpty();
        assertThat(s.pathInfo()).isEqualTo("/a");
    }

    @Test
    void aTrustedProxySetsSchemeClientHostAndPort() {
        Seen s = seen(X, LOOPBACK, "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-For: 198.51.100.1\r\nX-Forwarded-Host: shop.example\r\n\r\n");
        assertThat(s.scheme()).isEqualTo("https");
        assertThat(s.secure()).isTrue();
        assertThat(s.remote()).isEqualTo(new InetSocketAddress("198.51.100.1", 0));
        assertThat(s.peer()).isEqualTo(LOOPBACK);
        assertThat(s.serverName()).isEqualTo("shop.example");
        assertThat(s.serverPort()).isEqualTo(443);

        Seen port = seen(X, LOOPBACK, "GET /a HTTP/1.1\r\nHost: x\r\nX-Forwarded-Host: shop.example:8443\r\n\r\n");
        assertThat(port.serverName()).isEqualTo("shop.example");
        assertThat(port.serverPort()).isEqualTo(8443);
        Seen xfp = seen(X, LOOPBACK, "GET /a HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-Port: 8443\r\n"
                + "X-Forwarded-Ssl: on\r\n\r\n");
        assertThat(xfp.serverName()).isEqualTo("shop.example");
        assertThat(xfp.serverPort()).isEqualTo(8443);
        assertThat(xfp.scheme()).isEqualTo("https");
        Seen hostHttps = seen(X, LOOPBACK, "GET /a HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-Protocol: ssl\r\n\r\n");
        assertThat(hostHttps.serverPort()).isEqualTo(443);
        Seen badHost = seen(X, LOOPBACK, "GET /a HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-Host: two words\r\n"
                + "X-Forwarded-Port: 99999\r\n\r\n");
        assertThat(badHost.serverName()).isEqualTo("shop.example");
        assertThat(badHost.serverPort()).isEqualTo(80);
    }

    @Test
    void xForwardedForIsReadFromTheRightPastTrustedProxies() {
        String head = "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: %s\r\n\r\n";
        assertThat(seen(X, LOOPBACK, head.formatted("6.6.6.6, 198.51.100.1")).remote())
                .as("a client's own X-Forwarded-For is to the left of what the proxy appended")
                .isEqualTo(new InetSocketAddress("198.51.100.1", 0));
        assertThat(seen(X, LOOPBACK, head.formatted("198.51.100.1, 127.0.0.1, ::1")).remote())
                .as("trusted proxies in the chain are skipped")
                .isEqualTo(new InetSocketAddress("198.51.100.1", 0));
        assertThat(seen(X, LOOPBACK, head.formatted("127.0.0.1")).remote())
                .isEqualTo(new InetSocketAddress("127.0.0.1", 0));
        assertThat(seen(X, LOOPBACK, head.formatted("[2001:db8::1]:4711")).remote())
                .isEqualTo(new InetSocketAddress("2001:db8::1", 4711));
        assertThat(seen(X, LOOPBACK, head.formatted("2001:db8::2")).remote())
                .isEqualTo(new InetSocketAddress("2001:db8::2", 0));
        assertThat(seen(X, LOOPBACK, head.formatted("198.51.100.1, unknown")).remote())
                .as("an entry that is not an address stops the walk; the peer stands").isEqualTo(LOOPBACK);
        Seen twoLines = seen(X, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.7\r\n"
                + "X-Forwarded-For: 127.0.0.1\r\n\r\n");
        assertThat(twoLines.remote()).isEqualTo(new InetSocketAddress("198.51.100.7", 0));
        ProxySettings all = ProxySettings.of(List.of("*"), Map.of(), List.of(), "", ProxyProtocolMode.OFF,
                List.of(), ForwardedStyle.X_FORWARDED);
        assertThat(seen(all, STRANGER, head.formatted("198.51.100.1, 203.0.113.5")).remote())
                .as("with * every hop is trusted: the leftmost").isEqualTo(new InetSocketAddress("198.51.100.1", 0));
    }

    @Test
    void contradictorySchemeHeadersAre400AndTheApplicationDoesNotRun() {
        for (String headers : List.of("X-Forwarded-Proto: https\r\nX-Forwarded-Ssl: off\r\n",
                "X-Forwarded-Proto: https\r\nX-Forwarded-Proto: http\r\n",
                "X-Forwarded-Protocol: tls\r\nX-Forwarded-Proto: https\r\n")) {
            Result r = exchange(X, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
            assertThat(r.seen()).as(headers).isNull();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.fixture().head()).contains("Connection: close");
            assertThat(r.fixture().body()).contains("Contradictory scheme headers");
        }
        Seen agreeing = seen(X, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Ssl: on\r\n\r\n");
        assertThat(agreeing.scheme()).isEqualTo("https");
        Seen bothHttp = seen(X, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: http\r\n"
                + "X-Forwarded-Ssl: off\r\n\r\n");
        assertThat(bothHttp.scheme()).isEqualTo("http");
    }

    @Test
    void anUntrustedPeerCannotSpoofAnything() {
        String spoof = "GET /app/x HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Ssl: off\r\nX-Forwarded-For: 198.51.100.1\r\nX-Forwarded-Host: evil.example\r\n"
                + "X-Forwarded-Port: 8443\r\nForwarded: for=198.51.100.2;proto=https;host=evil.example\r\n"
                + "SCRIPT_NAME: /app\r\n\r\n";
        for (ForwardedStyle style : ForwardedStyle.values()) {
            Result r = exchange(settings(style, ""), STRANGER, spoof);
            assertThat(r.seen()).as("%s: the contradictory pair of an untrusted peer is ignored, not a 400", style)
                    .isNotNull();
            Seen s = r.seen();
            assertThat(s.scheme()).as(style.text()).isEqualTo("http");
            assertThat(s.remote()).isEqualTo(STRANGER);
            assertThat(s.serverName()).isEqualTo("shop.example");
            assertThat(s.serverPort()).isEqualTo(80);
            assertThat(s.scriptName()).isEmpty();
            assertThat(s.pathInfo()).isEqualTo("/app/x");
            assertThat(s.headerNames()).doesNotContain("SCRIPT_NAME");
        }
        // A stranger that sends a PROXY header while allowed to (proxy_allow_ips = *) names
        // itself a client, but its forwarded headers stay untrusted.
        ProxySettings anySender = ProxySettings.of(ProxySettings.LOCALHOST, ProxySettings.DEFAULT_SECURE_SCHEME_HEADERS,
                ProxySettings.DEFAULT_FORWARDER_HEADERS, "", ProxyProtocolMode.AUTO, List.of("*"),
                ForwardedStyle.X_FORWARDED);
        Result viaProxy = exchange(anySender, STRANGER, "PROXY TCP4 127.0.0.1 10.0.0.1 5000 80\r\n", spoof,
                ParserConfig.defaults());
        assertThat(viaProxy.seen().remote()).isEqualTo(new InetSocketAddress("127.0.0.1", 5000));
        assertThat(viaProxy.seen().scheme()).isEqualTo("http");
    }

    @Test
    void behindAPROXYHeaderTheClientIsTheHopWhoseHeadersCount() {
        String head = "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: 198.51.100.1\r\n\r\n";
        ProxySettings s = settings(ForwardedStyle.X_FORWARDED, "");
        Result fromClient = exchange(s, LOOPBACK, "PROXY TCP4 203.0.113.7 10.0.0.1 5000 443\r\n", head,
                ParserConfig.defaults());
        assertThat(fromClient.seen().remote()).isEqualTo(new InetSocketAddress("203.0.113.7", 5000));
        assertThat(fromClient.seen().peer()).isEqualTo(LOOPBACK);
        assertThat(fromClient.seen().scheme()).as("a TCP-mode proxy's client wrote these headers").isEqualTo("http");
        Result fromLocalProxy = exchange(s, LOOPBACK, "PROXY TCP6 ::1 ::1 5000 443\r\n", head, ParserConfig.defaults());
        assertThat(fromLocalProxy.seen().remote()).isEqualTo(new InetSocketAddress("198.51.100.1", 0));
        assertThat(fromLocalProxy.seen().scheme()).isEqualTo("https");
        assertThat(fromLocalProxy.seen().peer()).isEqualTo(LOOPBACK);
    }

    @Test
    void aTrustedScriptNameHeaderIsTheMountPoint() {
        Seen s = seen(X, LOOPBACK, "GET /app/x/y HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app/\r\n\r\n");
        assertThat(s.scriptName()).isEqualTo("/app");
        assertThat(s.pathInfo()).isEqualTo("/x/y");
        assertThat(s.headerNames()).doesNotContain("SCRIPT_NAME");
        Seen exact = seen(X, LOOPBACK, "GET /app HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n\r\n");
        assertThat(exact.scriptName()).isEqualTo("/app");
        assertThat(exact.pathInfo()).isEmpty();
        Seen unix = seen(X, UnixDomainSocketAddress.of("/run/app.sock"),
                "GET /app/x HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n\r\n");
        assertThat(unix.scriptName()).as("a Unix-socket peer is trusted").isEqualTo("/app");
        Seen overridesRoot = seen(settings(ForwardedStyle.X_FORWARDED, "/api"), LOOPBACK,
                "GET /shop/x HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /shop\r\n\r\n");
        assertThat(overridesRoot.scriptName()).isEqualTo("/shop");
        ProxySettings notListed = ProxySettings.of(ProxySettings.LOCALHOST, ProxySettings.DEFAULT_SECURE_SCHEME_HEADERS,
                List.of("PATH_INFO"), "", ProxyProtocolMode.OFF, ProxySettings.LOCALHOST, ForwardedStyle.X_FORWARDED);
        assertThat(seen(notListed, LOOPBACK, "GET /app/x HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n\r\n").scriptName())
                .as("forwarder_headers without SCRIPT_NAME").isEmpty();
        ParserConfig dangerous = ParserConfig.defaults().withHeaderMap(ParserConfig.HeaderMap.DANGEROUS);
        Result kept = exchange(X, LOOPBACK, null, "GET /app/x HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n\r\n", dangerous);
        assertThat(kept.seen().scriptName()).isEqualTo("/app");
        Result strangerKept = exchange(X, STRANGER, null, "GET /app/x HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n\r\n",
                dangerous);
        assertThat(strangerKept.seen().scriptName()).as("header_map = dangerous keeps the header, not its power")
                .isEmpty();
    }

    @Test
    void aPathOutsideTheMountPointIs500() {
        ProxySettings root = settings(ForwardedStyle.X_FORWARDED, "/api");
        Seen inside = seen(root, STRANGER, "GET /api/v1?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(inside.scriptName()).isEqualTo("/api");
        assertThat(inside.pathInfo()).isEqualTo("/v1");
        for (String path : List.of("/other", "/apiv1", "/", "/ap")) {
            Result r = exchange(root, STRANGER, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.seen()).as(path).isNull();
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.fixture().body()).contains("outside the application's mount point").doesNotContain("/api");
        }
        Result header = exchange(X, LOOPBACK, "GET /elsewhere HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n\r\n");
        assertThat(header.status()).isEqualTo(500);
        Seen star = seen(root, STRANGER, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(star.scriptName()).isEmpty();
    }

    @Test
    void rfc7239ForwardedIsReadWhenChosen() {
        ProxySettings rfc = settings(ForwardedStyle.RFC7239, "");
        Seen s = seen(rfc, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: http\r\n"
                + "Forwarded: for=198.51.100.17;proto=https;host=shop.example, for=127.0.0.1\r\n\r\n");
        assertThat(s.remote()).isEqualTo(new InetSocketAddress("198.51.100.17", 0));
        assertThat(s.scheme()).isEqualTo("https");
        assertThat(s.serverName()).isEqualTo("shop.example");
        assertThat(s.serverPort()).isEqualTo(443);
        Seen v6 = seen(rfc, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\n"
                + "Forwarded: For=\"[2001:db8:cafe::17]:4711\"; Proto=HTTPS; host=\"shop.example:8443\"\r\n\r\n");
        assertThat(v6.remote()).isEqualTo(new InetSocketAddress("2001:db8:cafe::17", 4711));
        assertThat(v6.scheme()).isEqualTo("https");
        assertThat(v6.serverPort()).isEqualTo(8443);
        Seen hidden = seen(rfc, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nForwarded: for=_hidden;proto=http\r\n\r\n");
        assertThat(hidden.remote()).isEqualTo(LOOPBACK);
        Seen xIgnored = seen(rfc, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-For: 198.51.100.1\r\n\r\n");
        assertThat(xIgnored.scheme()).isEqualTo("http");
        assertThat(xIgnored.remote()).isEqualTo(LOOPBACK);
        for (String bad : List.of("for=", "for=1.2.3.4;for=5.6.7.8", "for=\"1.2.3.4", "=x", "for=1.2.3.4 proto=http",
                "for=[::1]")) {
            Result r = exchange(rfc, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nForwarded: " + bad + "\r\n\r\n");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.seen()).isNull();
        }
        Seen xStyle = seen(X, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nForwarded: for=\r\n\r\n");
        assertThat(xStyle.remote()).as("x-forwarded ignores Forwarded, even malformed").isEqualTo(LOOPBACK);
    }

    @Test
    void withBothForwardedWinsForWhatItGives() {
        ProxySettings both = settings(ForwardedStyle.BOTH, "");
        Seen s = seen(both, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-For: 198.51.100.1\r\nForwarded: for=198.51.100.2;proto=http\r\n\r\n");
        assertThat(s.scheme()).isEqualTo("http");
        assertThat(s.remote()).isEqualTo(new InetSocketAddress("198.51.100.2", 0));
        Seen partial = seen(both, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Host: shop.example\r\nForwarded: for=198.51.100.2\r\n\r\n");
        assertThat(partial.scheme()).isEqualTo("https");
        assertThat(partial.serverName()).isEqualTo("shop.example");
        assertThat(partial.remote()).isEqualTo(new InetSocketAddress("198.51.100.2", 0));
    }

    @Test
    void namesOfTheSameLengthAsAForwardedHeaderAreNotMistakenForIt() {
        // Accept-Language and X-Forwarded-For both have 15 bytes; a 79-byte name aliases 15 (mod 64).
        Seen s = seen(X, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nX-" + "y".repeat(77)
                + ": 1\r\n\r\n");
        assertThat(s.scheme()).isEqualTo("http");
        assertThat(s.remote()).isEqualTo(LOOPBACK);
        Seen found = seen(X, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n"
                + "x-forwarded-for: 198.51.100.3\r\n\r\n");
        assertThat(found.remote()).isEqualTo(new InetSocketAddress("198.51.100.3", 0));
        ProxySettings custom = ProxySettings.of(ProxySettings.LOCALHOST, Map.of("Front-End-Https", "on"),
                List.of(), "", ProxyProtocolMode.OFF, ProxySettings.LOCALHOST, ForwardedStyle.X_FORWARDED);
        assertThat(seen(custom, LOOPBACK, "GET / HTTP/1.1\r\nHost: x\r\nFront-End-Https: on\r\n\r\n").scheme())
                .as("the configured names count, whatever their length").isEqualTo("https");
    }

    @Test
    void aTrustedRequestWithoutForwardedHeadersAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExchangeFixture f = ExchangeFixture.prepare("GET /a HTTP/1.1\r\nHost: x\r\nUser-Agent: wrk\r\nAccept: */*\r\n\r\n",
                true, new ConnectionInfo(LOOPBACK, LISTENER, LISTENER, ProxySettings.defaults().connect(LOOPBACK)),
                ParserConfig.defaults());
        assertThat(f.request.connection().proxy().trusted()).isTrue();
        for (int i = 0; i < 20_000; i++) {
            f.request.applyProxies(); // warm up: whatever the JIT decides, the code allocates nothing
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            f.request.applyProxies();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 10,000 resolutions").isLessThan(1_000);
        assertThat(f.request.scheme()).isEqualTo("http");
    }
}
