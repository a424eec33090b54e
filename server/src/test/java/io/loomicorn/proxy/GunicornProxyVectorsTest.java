package io.loomicorn.proxy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.proxy.DecoderReplay.Outcome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * gunicorn's PROXY protocol and scheme-header vectors ({@code ../shared/conformance}), which
 * the parser corpus test lists as "not the parser's business": with the header decoded here
 * first, gunicorn and Loomicorn agree. Each is split at every byte. Skips with a visible
 * message when the folder is absent (a user's clone), like {@code GunicornCorpusTest}.
 */
class GunicornProxyVectorsTest {

    private static Path corpus() {
        String override = System.getProperty("loomicorn.gunicornCorpus");
        if (override != null) {
            return Path.of(override);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return (dir == null ? Path.of("").toAbsolutePath() : dir).resolve("../shared/conformance/gunicorn-requests")
                .normalize();
    }

    private static Path root() {
        Path root = corpus();
        String reason = "gunicorn request vectors not found at " + root
                + " (set -Dloomicorn.gunicornCorpus=DIR; a plain clone has no ../shared)";
        if (!Files.isDirectory(root)) {
            System.out.println("SKIPPED GunicornProxyVectorsTest: " + reason);
        }
        Assumptions.assumeTrue(Files.isDirectory(root), reason);
        return root;
    }

    private static byte[] bytes(Path root, String name) throws IOException {
        return Files.readAllBytes(root.resolve(name + ".http"));
    }

    private static Config expectation(Path root, String name) throws IOException {
        return ConfigFactory.parseString(Files.readString(root.resolve(name + ".json")));
    }

    @Test
    void validVectorsCarryAHeaderThenTheRequestsGunicornParsed() throws IOException {
        Path root = root();
        Map<String, InetSocketAddress> clients = Map.of(
                "valid/pp_01", new InetSocketAddress("192.168.0.1", 56324),
                "valid/pp_02", new InetSocketAddress("192.168.0.1", 56324),
                "valid/pp_04", new InetSocketAddress("192.168.1.10", 12345),
                "valid/pp_05", new InetSocketAddress("2001:db8::1", 54321));
        for (String name : List.of("valid/pp_01", "valid/pp_02", "valid/pp_03", "valid/pp_04", "valid/pp_05")) {
            Config exp = expectation(root, name);
            assertThat(exp.getString("settings.proxy_protocol")).isEqualTo("auto");
            Outcome o = DecoderReplay.everySplit(bytes(root, name), ProxyProtocolMode.AUTO, true);
            if (name.equals("valid/pp_03")) {
                assertThat(o.status()).as(name).isEqualTo(ProxyProtocolDecoder.Status.ABSENT);
            } else {
                assertThat(o.status()).as(name).isEqualTo(ProxyProtocolDecoder.Status.COMPLETE);
                assertThat(o.header().source()).as(name).isEqualTo(clients.get(name));
            }
            // What is left is gunicorn's first request, method and target first.
            Config first = exp.getConfigList("requests").getFirst();
            assertThat(o.rest()).as(name).startsWith(first.getString("method") + " " + first.getString("uri.raw") + " ");
            RequestParser parser = new RequestParser(ParserConfig.defaults());
            RequestParser.Status status = parser.parse(ByteBuffer.wrap(o.rest().getBytes(StandardCharsets.ISO_8859_1)));
            if (status == RequestParser.Status.ERROR) {
                // pp_02 is HTTP/1.1 without Host: the parser corpus's documented NO_HOST difference.
                assertThat(parser.error().kind().name()).as(name).isEqualTo("MISSING_HOST");
            } else {
                assertThat(status).as(name).isEqualTo(RequestParser.Status.COMPLETE);
                assertThat(parser.head().path()).isEqualTo(first.getString("uri.path"));
            }
        }
    }

    @Test
    void invalidVectorsAre400LikeGunicornsInvalidProxyLine() throws IOException {
        Path root = root();
        for (String name : List.of("invalid/pp_01", "invalid/pp_02", "invalid/pp_03")) {
            assertThat(expectation(root, name).getString("error")).isEqualTo("InvalidProxyLine");
            Outcome o = DecoderReplay.everySplit(bytes(root, name), ProxyProtocolMode.AUTO, true);
            assertThat(o.status()).as(name).isEqualTo(ProxyProtocolDecoder.Status.FAILED);
            assertThat(o.error().status()).as(name).isEqualTo(400);
        }
    }

    @Test
    void contradictorySchemeHeadersFromATrustedPeerAre400() throws IOException {
        Path root = root();
        Config exp = expectation(root, "invalid/019");
        assertThat(exp.getString("error")).isEqualTo("InvalidSchemeHeaders");
        assertThat(exp.getStringList("settings.forwarded_allow_ips")).containsExactly("*");
        RequestParser parser = new RequestParser(ParserConfig.defaults());
        // The vector lacks Host, which the parser requires of HTTP/1.1 (a documented difference).
        String withHost = new String(bytes(root, "invalid/019"), StandardCharsets.ISO_8859_1)
                .replaceFirst("\r\n", "\r\nHost: gunicorn.test\r\n");
        assertThat(parser.parse(ByteBuffer.wrap(withHost.getBytes(StandardCharsets.ISO_8859_1))))
                .isEqualTo(RequestParser.Status.COMPLETE);
        ProxySettings s = ProxySettings.of(List.of("*"), ProxySettings.DEFAULT_SECURE_SCHEME_HEADERS,
                ProxySettings.DEFAULT_FORWARDER_HEADERS, "", ProxyProtocolMode.OFF, ProxySettings.LOCALHOST,
                ForwardedStyle.X_FORWARDED);
        ProxiedConnection c = s.connect(new InetSocketAddress("198.51.100.7", 1234));
        assertThatThrownBy(() -> c.forwarded(parser.head()))
                .isInstanceOfSatisfying(ForwardedRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
