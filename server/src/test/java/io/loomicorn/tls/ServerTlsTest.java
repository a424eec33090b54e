package io.loomicorn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomicorn.app.SettingsView;
import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigException;
import io.loomicorn.config.Settings;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.testing.TestPki;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker's TLS setup: the parameters the settings give, and the {@code ssl_context} hook. */
@Timeout(120)
class ServerTlsTest {

    private static final TestPki PKI = TestPki.get();

    private static Config ec() {
        return Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("ec-fullchain.pem")))
                .with(Settings.KEYFILE, Optional.of(PKI.path("ec.key")));
    }

    @Test
    void theSettingsBecomeTheEnginesParameters() {
        SSLEngine engine = TlsCodecTest.server(ec()).newEngine();
        SSLParameters p = engine.getSSLParameters();
        assertThat(engine.getUseClientMode()).isFalse();
        assertThat(p.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(p.getApplicationProtocols()).containsExactly("http/1.1");
        assertThat(p.getUseCipherSuitesOrder()).isTrue();
        assertThat(p.getNeedClientAuth()).isFalse();
        assertThat(p.getWantClientAuth()).isFalse();
        assertThat(p.getCipherSuites()).contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                .noneMatch(s -> s.contains("_NULL_") || s.contains("_anon_") || s.contains("3DES") || s.contains("RC4"));
        assertThat(System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation")).isEqualTo("true");

        assertThat(TlsCodecTest.mutual("optional").newEngine().getWantClientAuth()).isTrue();
        assertThat(TlsCodecTest.mutual("required").newEngine().getNeedClientAuth()).isTrue();
        SSLEngine only13 = TlsCodecTest.server(ec().with(Settings.SSL_MIN_VERSION, "TLSv1.3")).newEngine();
        assertThat(only13.getEnabledProtocols()).containsExactly("TLSv1.3");
    }

    @Test
    void theCipherListIsTheServersOrderAndKeepsTls13Suites() throws Exception {
        ServerTls tls = TlsCodecTest.server(ec().with(Settings.CIPHERS,
                Optional.of("ECDHE-ECDSA-CHACHA20-POLY1305:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")));
        assertThat(tls.newEngine().getEnabledCipherSuites()).startsWith(
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
                .contains("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
        // The client prefers AES-256 first (its default order); the server's order wins.
        MemoryTls t = TlsCodecTest.pair(tls, "TLSv1.2");
        t.clientSends("x".getBytes());
        t.run();
        assertThat(t.server.info().cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

        ServerTls only13Suite = TlsCodecTest.server(ec().with(Settings.CIPHERS,
                Optional.of("TLS_AES_256_GCM_SHA384:ECDHE-ECDSA-AES128-GCM-SHA256")));
        assertThat(CipherSuites.tls13(only13Suite.newEngine().getEnabledCipherSuites()))
                .containsExactly("TLS_AES_256_GCM_SHA384");
    }

    @Test
    void theHookSeesTheDefaultsAndMayChangeTheParameters() {
        Config config = ec();
        class Recording implements Hooks {
            SettingsView seen;
            SSLContext defaults;

            @Override
            public SSLContext sslContext(SettingsView settings, Supplier<SSLContext> defaultContext,
                                         SSLParameters parameters) {
                seen = settings;
                defaults = defaultContext.get();
                assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
                parameters.setProtocols(new String[] {"TLSv1.3"}); // gunicorn's docs' example: TLS 1.3 only
                return defaults;
            }
        }
        Recording hooks = new Recording();
        ServerTls tls = ServerTls.load(config, hooks, Map.of()).orElseThrow();
        assertThat(hooks.seen).isSameAs(config);
        assertThat(hooks.seen.value("certfile")).isEqualTo(Optional.of(PKI.path("ec-fullchain.pem")));
        assertThat(tls.newEngine().getEnabledProtocols()).containsExactly("TLSv1.3");
        MemoryTls old = TlsCodecTest.pair(tls, "TLSv1.2");
        old.run();
        assertThat(old.serverFailure).isInstanceOf(SSLException.class);
    }

    @Test
    void theHookMayReturnAContextOfItsOwn() throws Exception {
        SSLContext rsa = rsaContext();
        ServerTls tls = ServerTls.load(ec(), new Hooks() {
            @Override
            public SSLContext sslContext(SettingsView settings, Supplier<SSLContext> defaultContext,
                                         SSLParameters parameters) {
                return rsa;
            }
        }, Map.of()).orElseThrow();
        MemoryTls t = TlsCodecTest.pair(tls, "TLSv1.3");
        t.clientSends("x".getBytes());
        t.run();
        assertThat(t.clientFailure).isNull();
        assertThat(t.client.getSession().getPeerCertificates()[0]).isEqualTo(PKI.certificate("rsa.pem"));
    }

    private static SSLContext rsaContext() throws Exception {
        TlsMaterial m = TlsMaterial.load(TlsSettings.from(Config.defaults()
                .with(Settings.CERTFILE, Optional.of(PKI.path("rsa.pem")))
                .with(Settings.KEYFILE, Optional.of(PKI.path("rsa.key")))).orElseThrow(), Map.of(), java.time.Instant.now());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", m.key(), "p".toCharArray(), m.chain().toArray(java.security.cert.Certificate[]::new));
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "p".toCharArray());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    @Test
    void aFailingHookIsOneLine() {
        class Broken implements Hooks {
            @Override
            public SSLContext sslContext(SettingsView settings, Supplier<SSLContext> defaultContext,
                                         SSLParameters parameters) {
                throw new IllegalStateException("no HSM today");
            }
        }
        assertThatThrownBy(() -> ServerTls.load(ec(), new Broken(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Error: the ssl_context hook of " + Broken.class.getName()
                        + " failed: java.lang.IllegalStateException: no HSM today");
        assertThatThrownBy(() -> ServerTls.load(ec(), new Hooks() {
            @Override
            public SSLContext sslContext(SettingsView s, Supplier<SSLContext> d, SSLParameters p) {
                return null;
            }
        }, Map.of())).isInstanceOf(ConfigException.class).hasMessageEndingWith("returned null instead of an SSLContext");
        assertThatThrownBy(() -> ServerTls.load(ec(), new Hooks() {
            @Override
            public SSLContext sslContext(SettingsView s, Supplier<SSLContext> d, SSLParameters p) {
                p.setCipherSuites(new String[] {"TLS_NOT_A_SUITE"});
                return d.get();
            }
        }, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Error: the TLS parameters cannot be used (")
                .hasMessageEndingWith("check ssl_min_version, ciphers and the ssl_context hook");
    }

    @Test
    void withoutACertificateThereIsNoTls() {
        assertThat(ServerTls.load(Config.defaults(), new Hooks() { }, Map.of())).isEmpty();
    }

    @Test
    void describesTheCertificateForTheLog() {
        assertThat(TlsCodecTest.server(ec()).describe()).startsWith("CN=localhost, valid until ")
                .endsWith(", TLSv1.3/TLSv1.2");
        assertThat(TlsCodecTest.server(ec()).chain()).hasSize(2);
    }

    @Test
    void opensslCipherNamesMapToTheJdksNames() {
        assertThat(List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305",
                "DHE-RSA-AES128-GCM-SHA256", "AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES128-SHA",
                "DES-CBC3-SHA", "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-NOPE", "RC4-MD5").stream().map(CipherSuites::jdkName))
                .containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_AES_128_GCM_SHA256",
                        null, null);
    }

    @Test
    void theFirstBytesTellTlsFromPlainHttpFromGarbage() {
        assertThat(kind("")).isEqualTo(FirstBytes.Kind.NEED_MORE);
        assertThat(kind("\u0016\u0003\u0001")).isEqualTo(FirstBytes.Kind.TLS);
        assertThat(kind("\u0016")).isEqualTo(FirstBytes.Kind.TLS);
        assertThat(kind("G")).isEqualTo(FirstBytes.Kind.NEED_MORE);
        assertThat(kind("GET")).isEqualTo(FirstBytes.Kind.NEED_MORE);
        assertThat(kind("GET ")).isEqualTo(FirstBytes.Kind.PLAIN_HTTP);
        assertThat(kind("M-SEARCH * HTTP/1.1")).isEqualTo(FirstBytes.Kind.PLAIN_HTTP);
        assertThat(kind("PRI * HTTP/2.0")).isEqualTo(FirstBytes.Kind.PLAIN_HTTP);
        assertThat(kind("get / HTTP/1.1")).isEqualTo(FirstBytes.Kind.GARBAGE);
        assertThat(kind(" GET")).isEqualTo(FirstBytes.Kind.GARBAGE);
        assertThat(kind("\u0000\u0001")).isEqualTo(FirstBytes.Kind.GARBAGE);
        assertThat(kind("A".repeat(20))).isEqualTo(FirstBytes.Kind.NEED_MORE);
        assertThat(kind("A".repeat(20) + " ")).isEqualTo(FirstBytes.Kind.PLAIN_HTTP);
        assertThat(kind("A".repeat(21))).isEqualTo(FirstBytes.Kind.GARBAGE);
        java.nio.ByteBuffer offset = java.nio.ByteBuffer.wrap("xxGET /".getBytes());
        offset.position(2);
        assertThat(FirstBytes.classify(offset)).isEqualTo(FirstBytes.Kind.PLAIN_HTTP);
        assertThat(offset.position()).as("nothing consumed").isEqualTo(2);
    }

    private static FirstBytes.Kind kind(String s) {
        return FirstBytes.classify(java.nio.ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
}
