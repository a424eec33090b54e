package io.loomicorn.bench.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code TlsBaseline undertow-pair} in real JVMs: two Undertow JVMs that share one port. */
class UndertowPairTest {

    private static final Pattern LISTENING = Pattern.compile("^Listening at: https://127\\.0\\.0\\.1:(\\d+) \\((\\d+)\\)$");

    @Test
    void twoUndertowJvmsServeOnePortAndStopWithTheirParent(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("keystore.p12");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server", "-dname", "CN=localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "secret", "-validity", "1")
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(keytool.waitFor()).isZero();

        Process pair = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TlsBaseline.class.getName(), "undertow-pair", keystore.toString(), "secret")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(pair.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.matches()) {
                    assertThat(Long.parseLong(m.group(2))).isEqualTo(pair.pid());
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as("the pair's own Listening line").isPositive();
            List<ProcessHandle> servers = pair.toHandle().children().toList();
            assertThat(servers).hasSize(2);
            for (int i = 0; i < 8; i++) {
                assertThat(get(port)).endsWith("Hello, World!");
            }
            pair.destroy();
            pair.waitFor();
            for (ProcessHandle server : servers) {
                server.onExit().get();
            }
        } finally {
            pair.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            pair.destroyForcibly();
        }
    }

    private static String get(int port) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustingManager()}, null);
        try (Socket raw = new Socket("127.0.0.1", port);
             SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, "localhost", port, true)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Trusts the test's self-signed certificate (and anything else: loopback only). */
    private static final class TrustingManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
