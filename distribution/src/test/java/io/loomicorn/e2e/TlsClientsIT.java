package io.loomicorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import io.loomicorn.testing.TestPki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS with the clients users have, against every worker class: curl (server verified with
 * {@code --cacert}, mutual TLS with {@code --cert}), {@code openssl s_client} (protocol
 * versions, ALPN, renegotiation, key update) and Python's {@code ssl} module; bytes that are
 * not TLS, and handshakes that never finish. Each class runs one master with
 * {@code cert_reqs = optional}; two more (vthread) run {@code required}, and the default
 * {@code none}.
 * The application ({@link TlsEchoApp}) answers what it saw of the handshake. Certificates
 * come from {@link TestPki}, made during the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsClientsIT {

    private static final TestPki PKI = TestPki.get();
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String GET_TLS = "GET /tls HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    /** The header timeout of every server here: it also bounds the handshake. */
    private static final int HEADER_TIMEOUT = 3;

    private final Map<String, LoomicornProcess> servers = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    @TempDir
    static Path work;

    @BeforeAll
    void startServers() throws Exception {
        for (String k : List.of("sync", "vthread", "reactor")) {
            start(k, k, "--ca-certs", PKI.path("ca.pem"), "--cert-reqs", "optional");
        }
        start("required", "vthread", "--ca-certs", PKI.path("ca.pem"), "--cert-reqs", "required");
        start("none", "vthread"); // cert_reqs none by default (ca_certs with it is refused at start)
        for (Map.Entry<String, LoomicornProcess> e : servers.entrySet()) {
            int port = e.getValue().awaitPort();
            e.getValue().awaitWorkers(1);
            ports.put(e.getKey(), port);
            if (!e.getKey().equals("required")) {
                MasterIT.withRetry(() -> Wire.TLS.get(port, "/"));
            }
        }
    }

    private void start(String name, String k, String... tls) throws IOException {
        List<String> args = new ArrayList<>(List.of("-k", k, "-w", "1", "-b", "127.0.0.1:0",
                "--header-timeout", Integer.toString(HEADER_TIMEOUT), "--keep-alive", "60",
                "--certfile", PKI.path("ec-fullchain.pem"), "--keyfile", PKI.path("ec.key"),
                "--access-logfile", accessLog(name).toString(),
                "--access-logformat", "%(r)s %(s)s %({tls_protocol}e)s %({tls_cipher}e)s",
                "--classpath", E2E.TEST_CLASSES));
        args.addAll(List.of(tls));
        args.add(TlsEchoApp.class.getName());
        servers.put(name, LoomicornProcess.start(args.toArray(String[]::new)));
    }

    private Path accessLog(String name) {
        return work.resolve(name + "-access.log");
    }

    @AfterAll
    void stop() {
        servers.values().forEach(LoomicornProcess::close);
    }

    // ------------------------------------------------------------------ curl

    private ClientCommand curl(String server, String... args) throws Exception {
        int port = ports.get(server);
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert", PKI.path("ca.pem"),
                "--resolve", "localhost:" + port + ":127.0.0.1"));
        cmd.addAll(List.of(args));
        cmd.add("https://localhost:" + port + "/tls");
        return ClientCommand.run(LIMIT, cmd);
    }

    private static Map<String, String> lines(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void curlVerifiesTheServerAndTheApplicationSeesProtocolCipherAlpnAndSni(String k) throws Exception {
        ClientCommand tls13 = curl(k);
        assertThat(tls13.exit()).as(tls13.toString()).isZero();
        assertThat(lines(tls13.output())).containsEntry("scheme", "https").containsEntry("protocol", "TLSv1.3")
                .containsEntry("alpn", "http/1.1").containsEntry("sni", "localhost").containsEntry("peer", "-");
        assertThat(lines(tls13.output()).get("cipher")).startsWith("TLS_AES_");

        ClientCommand tls12 = curl(k, "--tlsv1.2", "--tls-max", "1.2");
        assertThat(tls12.exit()).as(tls12.toString()).isZero();
        assertThat(lines(tls12.output())).containsEntry("protocol", "TLSv1.2");
        assertThat(lines(tls12.output()).get("cipher")).startsWith("TLS_ECDHE_ECDSA_WITH_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void optionalClientCertificatesAreVerifiedAndShownToTheApplication(String k) throws Exception {
        ClientCommand client = curl(k, "--cert", PKI.path("client.pem"), "--key", PKI.path("client.key"));
        assertThat(client.exit()).as(client.toString()).isZero();
        // OpenSSL clients send their certificate's chain, built from the CA file.
        assertThat(lines(client.output())).containsEntry("peer", "CN=client one | CN=Loomicorn Test CA")
                .containsEntry("peer_issuer", "CN=Loomicorn Test CA")
                .containsEntry("peer_serial", PKI.certificate("client.pem").getSerialNumber().toString(16));

        ClientCommand anonymous = curl(k);
        assertThat(lines(anonymous.output())).as(anonymous.toString()).containsEntry("peer", "-");

        ClientCommand stranger = curl(k, "--cert", PKI.path("stranger.pem"), "--key", PKI.path("stranger.key"));
        assertThat(stranger.exit()).as("a certificate from another CA is refused: " + stranger).isNotZero();
        assertThat(stranger.output()).doesNotContain("scheme=").containsIgnoringCase("alert");
    }

    @Test
    void requiredRefusesAClientWithoutACertificateInTheHandshake() throws Exception {
        ClientCommand anonymous = curl("required");
        assertThat(anonymous.exit()).as(anonymous.toString()).isNotZero();
        assertThat(anonymous.output()).contains("alert certificate required").doesNotContain("scheme=");

        ClientCommand client = curl("required", "--cert", PKI.path("client.pem"), "--key", PKI.path("client.key"));
        assertThat(client.exit()).as(client.toString()).isZero();
        assertThat(lines(client.output())).containsEntry("peer", "CN=client one | CN=Loomicorn Test CA");
    }

    @Test
    void noneDoesNotAskForACertificate() throws Exception {
        ClientCommand client = curl("none", "--cert", PKI.path("client.pem"), "--key", PKI.path("client.key"));
        assertThat(client.exit()).as(client.toString()).isZero();
        assertThat(lines(client.output())).containsEntry("protocol", "TLSv1.3").containsEntry("peer", "-");
    }

    // ------------------------------------------------------------------ openssl s_client

    private ClientCommand sClient(String server, List<?> stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + ports.get(server),
                "-servername", "localhost", "-CAfile", PKI.path("ca.pem")));
        cmd.addAll(List.of(args));
        return ClientCommand.run(LIMIT, stdin, cmd);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void opensslNegotiatesTls12AndTls13WithAlpnHttp11(String k) throws Exception {
        for (String version : List.of("1_2", "1_3")) {
            ClientCommand c = sClient(k, List.of(GET_TLS), "-tls" + version, "-alpn", "h2,http/1.1", "-ign_eof");
            String protocol = "TLSv" + version.replace('_', '.');
            assertThat(c.exit()).as(c.toString()).isZero();
            assertThat(c.output()).as(c.toString()).contains("New, " + protocol + ", Cipher is ",
                    "ALPN protocol: http/1.1", "Verify return code: 0 (ok)", "HTTP/1.1 200 ", "protocol=" + protocol);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void tls10AndTls11AreRefusedWithAProtocolVersionAlert(String k) throws Exception {
        for (String version : List.of("-tls1", "-tls1_1")) {
            // SECLEVEL=0: Debian's OpenSSL would not even offer TLS 1.0 and 1.1 otherwise.
            ClientCommand c = sClient(k, List.of(), version, "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(c.exit()).as(c.toString()).isNotZero();
            assertThat(c.output()).as(c.toString()).contains("alert protocol version");
        }
        assertThat(Wire.TLS.get(ports.get(k), "/").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void anAlpnOfferWithoutHttp11IsRefused(String k) throws Exception {
        ClientCommand c = sClient(k, List.of(), "-alpn", "h2");
        assertThat(c.exit()).as(c.toString()).isNotZero();
        assertThat(c.output()).as(c.toString()).contains("alert no application protocol");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void renegotiationIsRefusedAndTheWorkerKeepsServing(String k) throws Exception {
        int port = ports.get(k);
        long pid = Wire.TLS.pid(port);
        // Another client in the middle of a keep-alive connection (sync closes each one).
        HttpTestClient other = k.equals("sync") ? null : Wire.TLS.client(port);
        if (other != null) {
            assertThat(other.exchange("GET /pid HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo(Long.toString(pid));
        }
        for (List<String> flags : List.of(List.of("-tls1_2"), List.of("-tls1_2", "-legacy_renegotiation"))) {
            // s_client reads "R" on its own line as: renegotiate now.
            ClientCommand c = sClient(k, List.of(Duration.ofSeconds(1), "R\n", Duration.ofSeconds(2), GET_TLS,
                    Duration.ofSeconds(1)), flags.toArray(String[]::new));
            assertThat(c.output()).as(c.toString()).contains("RENEGOTIATING").contains("alert handshake failure")
                    .doesNotContain("HTTP/1.1 200");
        }
        if (other != null) {
            assertThat(other.exchange("GET /pid HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo(Long.toString(pid));
            other.close();
        }
        assertThat(Wire.TLS.pid(port)).as("the same worker serves").isEqualTo(pid);
    }

    /**
     * A kept-alive connection that idles past the trim of its buffers (a quarter of a second;
     * vthread's then gives its thread up and a new one decrypts the next request) is served
     * again, several times. The idle gaps make the path likely, the assertions do not time it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vthread", "reactor"})
    void aKeptAliveConnectionIsServedAgainAfterIdling(String k) throws Exception {
        int port = ports.get(k);
        try (HttpTestClient c = Wire.TLS.client(port)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.exchange("GET /tls HTTP/1.1\r\nHost: x\r\n\r\n").status()).as("request %d", i)
                        .isEqualTo(200);
                Thread.sleep(600);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void aTls13KeyUpdateIsAnsweredAndTheRequestServed(String k) throws Exception {
        // s_client reads "k" on its own line as: send a KeyUpdate that asks for the server's.
        ClientCommand c = sClient(k, List.of(Duration.ofSeconds(1), "k\n", Duration.ofSeconds(1), GET_TLS,
                Duration.ofSeconds(2)), "-tls1_3");
        assertThat(c.output()).as(c.toString()).contains("KEYUPDATE", "HTTP/1.1 200 ", "protocol=TLSv1.3");
    }

    // ------------------------------------------------------------------ Python

    private ClientCommand python(String server, String cert, String key, String maxVersion) throws Exception {
        Path script = Path.of(E2E.TEST_CLASSES, "io", "loomicorn", "e2e", "tls_client.py");
        return ClientCommand.run(LIMIT, List.of("python3", script.toString(), Integer.toString(ports.get(server)),
                PKI.path("ca.pem"), cert, key, maxVersion, "/tls"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void pythonsSslModuleConnectsWithTls13AndTls12AndAClientCertificate(String k) throws Exception {
        ClientCommand tls13 = python(k, "-", "-", "-");
        assertThat(tls13.exit()).as(tls13.toString()).isZero();
        Map<String, String> seen = lines(tls13.output());
        assertThat(seen).containsEntry("python_version", "TLSv1.3").containsEntry("python_alpn", "http/1.1")
                .containsEntry("protocol", "TLSv1.3").containsEntry("peer", "-");
        assertThat(seen.get("cipher")).as("the same suite on both ends").isEqualTo(seen.get("python_cipher"));

        ClientCommand tls12 = python(k, PKI.path("client.pem"), PKI.path("client.key"), "TLSv1_2");
        assertThat(tls12.exit()).as(tls12.toString()).isZero();
        assertThat(lines(tls12.output())).containsEntry("python_version", "TLSv1.2").containsEntry("protocol", "TLSv1.2")
                .containsEntry("peer", "CN=client one | CN=Loomicorn Test CA");
    }

    @Test
    void pythonWithoutACertificateIsRefusedWhenOneIsRequired() throws Exception {
        ClientCommand c = python("required", "-", "-", "-");
        assertThat(c.exit()).as(c.toString()).isEqualTo(1);
        assertThat(c.output()).as(c.toString()).startsWith("failed: ").contains("CERTIFICATE_REQUIRED");
    }

    // ------------------------------------------------------------------ not TLS, and slow handshakes

    /** Sends bytes on a raw connection and returns what came back until the server closed. */
    private static byte[] sendAndReadToClose(int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(bytes);
            return readUntilClosed(s.getInputStream());
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketException e) {
            // a reset also closes
        }
        return got.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void bytesThatAreNotTlsAreClosedAndTheWorkerKeepsServing(String k) throws Exception {
        int port = ports.get(k);
        long pid = Wire.TLS.pid(port);
        Random random = new Random(12);
        byte[] garbage = new byte[300];
        random.nextBytes(garbage);
        garbage[0] = 0; // no TLS record type
        assertThat(sendAndReadToClose(port, garbage)).as("closed without a word").isEmpty();

        byte[] record = new byte[300];
        random.nextBytes(record);
        System.arraycopy(new byte[] {22, 3, 1, 1, 0}, 0, record, 0, 5); // a handshake record of nonsense
        byte[] answer = sendAndReadToClose(port, record);
        assertThat(answer).as("a TLS alert record").isNotEmpty();
        assertThat(answer[0]).isEqualTo((byte) 21);

        assertThat(Wire.TLS.pid(port)).as("the same worker serves").isEqualTo(pid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void aHandshakeIsBoundedByTheHeaderTimeout(String k) throws Exception {
        int port = ports.get(k);
        // A client that connects and says nothing.
        try (Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(30_000);
            long start = System.nanoTime();
            assertThat(readUntilClosed(silent.getInputStream())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the header timeout")
                    .isGreaterThan(Duration.ofSeconds(HEADER_TIMEOUT - 1));
        }
        // A client that drips a real ClientHello, a byte every 100 ms: the deadline is not reset by each byte.
        byte[] hello = clientHello(port);
        try (Socket drip = new Socket("127.0.0.1", port)) {
            drip.setSoTimeout(100);
            OutputStream out = drip.getOutputStream();
            InputStream in = drip.getInputStream();
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < hello.length && !closed; i++) {
                try {
                    out.write(hello[i]);
                    out.flush();
                    closed = in.read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open
                } catch (SocketException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed before the %d-byte ClientHello was complete", hello.length).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(HEADER_TIMEOUT - 1));
        }
        assertThat(Wire.TLS.get(port, "/").status()).isEqualTo(200);
    }

    /** A real ClientHello, from the JDK's client engine. */
    private static byte[] clientHello(int port) throws Exception {
        SSLEngine client = PKI.clientContext(null).createSSLEngine("localhost", port);
        client.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), out);
        byte[] hello = new byte[out.flip().remaining()];
        out.get(hello);
        assertThat(hello.length).isGreaterThan(50);
        return hello;
    }

    // ------------------------------------------------------------------ access log

    @Test
    void theAccessLogHasTheProtocolAndCipherOfEachRequest() throws Exception {
        curl("vthread", "--tlsv1.2", "--tls-max", "1.2", "-o", "/dev/null");
        curl("vthread", "-o", "/dev/null");
        Path log = accessLog("vthread");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.stream().anyMatch(l -> l.startsWith("GET /tls HTTP/1.1 200 TLSv1.2 "))
                    && lines.stream().anyMatch(l -> l.startsWith("GET /tls HTTP/1.1 200 TLSv1.3 "))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("GET /tls HTTP/1\\.1 200 TLSv1\\.2 TLS_ECDHE_ECDSA_WITH_\\S+"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("GET /tls HTTP/1\\.1 200 TLSv1\\.3 TLS_AES_\\S+"));
    }

    @Test
    void plainHttpToTheTlsPortGetsNginxs400() throws Exception {
        try (HttpTestClient c = HttpTestClient.connect(ports.get("reactor"))) {
            HttpResponse r = c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("The plain HTTP request was sent to HTTPS port");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }
}
