package io.loomicorn.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.internal.Posix;
import io.loomicorn.testing.TestPki;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The master's part of TLS: the check before any worker spawns, and which listeners speak TLS. */
class MasterSetupTlsTest {

    private static final TestPki PKI = TestPki.get();

    @Test
    void aBadCertificateStopsTheMasterBeforeAnythingElseInOneLine() {
        Config config = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("expired.pem")))
                .with(Settings.KEYFILE, Optional.of(PKI.path("expired.key")));
        assertThatThrownBy(() -> MasterSetup.prepare(config, Map.of()))
                .isInstanceOf(MasterSetup.SetupException.class)
                .hasMessageStartingWith("Error: invalid value for certfile (--certfile): '" + PKI.path("expired.pem")
                        + "': the certificate CN=expired.example expired on ")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((MasterSetup.SetupException) e).exitCode()).isEqualTo(1));
        Config wrongKey = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("ec.pem")))
                .with(Settings.KEYFILE, Optional.of(PKI.path("rsa.key")));
        assertThatThrownBy(() -> MasterSetup.prepare(wrongKey, Map.of()))
                .hasMessageStartingWith("Error: invalid value for keyfile (--keyfile): ");
    }

    @Test
    void bindListenersSpeakTlsWhenThereIsACertificateAndInsecureOnesNever() throws Exception {
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            BoundListener bind = new BoundListener(ch, Posix.Family.INET, ch.getLocalAddress(), null);
            BoundListener insecure = bind.asInsecure();
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            assertThat(bind.tls(true)).isTrue();
            assertThat(bind.tls(false)).isFalse();
            assertThat(insecure.tls(true)).isFalse();
            assertThat(insecure.insecure()).isTrue();
            assertThat(bind.url(true)).isEqualTo("https://127.0.0.1:" + port);
            assertThat(bind.url(false)).isEqualTo("http://127.0.0.1:" + port);
            assertThat(insecure.url(true)).isEqualTo("http://127.0.0.1:" + port);
        }
    }
}
