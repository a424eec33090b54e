package io.loomicorn.e2e;

import static io.loomicorn.e2e.E2E.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import io.loomicorn.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS settings in a real master and real workers: bad files stop a start, or a reload, in
 * one line naming the setting; the workers read the files and run {@code ssl_context} at
 * boot. (Serving TLS comes when the connection drivers plug the codec in.)
 */
class TlsSetupIT {

    private static final TestPki PKI = TestPki.get();
    private static final String APP = "io.loomicorn.examples.HelloApp";

    @TempDir
    Path work;

    private static String onlyErrorLine(LoomicornProcess m) {
        List<String> errors = m.log().lines().filter(l -> l.startsWith("Error:")).toList();
        assertThat(errors).as(m.log()).hasSize(1);
        assertThat(m.log()).as("no stack trace").doesNotContain("\tat ");
        return errors.getFirst();
    }

    @Test
    void badFilesStopTheStartWithOneLineNamingTheSetting() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--certfile", PKI.path("expired.pem"),
                "--keyfile", PKI.path("expired.key"), APP)) {
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(onlyErrorLine(m)).startsWith("Error: invalid value for certfile (--certfile): '"
                    + PKI.path("expired.pem") + "': the certificate CN=expired.example expired on ");
        }
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--certfile", PKI.path("ec.pem"),
                "--keyfile", PKI.path("client.key"), APP)) {
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(onlyErrorLine(m)).isEqualTo("Error: invalid value for keyfile (--keyfile): '"
                    + PKI.path("client.key") + "': the key does not match the certificate CN=localhost");
        }
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--certfile", PKI.path("ec.pem"),
                "--keyfile", PKI.path("ec-encrypted.key"), APP)) {
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(onlyErrorLine(m)).isEqualTo("Error: invalid value for keyfile (--keyfile): '"
                    + PKI.path("ec-encrypted.key") + "': the key is encrypted; give its password with"
                    + " keyfile_password_file or keyfile_password_env");
        }
        try (LoomicornProcess m = LoomicornProcess.start(Map.of("TLS_KEY_PASSWORD", "not it"), null,
                "-b", "127.0.0.1:0", "--certfile", PKI.path("ec.pem"), "--keyfile", PKI.path("ec-encrypted.key"),
                "--keyfile-password-env", "TLS_KEY_PASSWORD", APP)) {
            assertThat(m.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(onlyErrorLine(m)).contains("invalid value for keyfile").contains("wrong password")
                    .contains("$TLS_KEY_PASSWORD").doesNotContain("not it");
        }
    }

    @Test
    void workersRunTheSslContextHookAtBootAndAFailureIsOneLine() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--insecure-bind", "127.0.0.1:0",
                "--certfile", PKI.path("ec-fullchain.pem"), "--keyfile", PKI.path("ec.key"),
                "--classpath", E2E.TEST_CLASSES, "--hooks", FailingSslHooks.class.getName(), APP)) {
            assertThat(m.awaitExit(Duration.ofSeconds(90))).isEqualTo(3);
            assertThat(m.log()).contains("TLS certificate: CN=localhost, valid until ")
                    .containsPattern("Listening at: https://127\\.0\\.0\\.1:\\d+ ")
                    .containsPattern("Listening at: http://127\\.0\\.0\\.1:\\d+ ");
            assertThat(onlyErrorLine(m)).isEqualTo("Error: Worker failed to boot: the ssl_context hook of "
                    + FailingSslHooks.class.getName()
                    + " failed: java.lang.IllegalStateException: the key vault is unreachable");
        }
    }

    /** Every worker class serves TLS through the engine's one TLS layer; plain HTTP on the TLS port gets nginx's 400. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sync", "vthread", "reactor"})
    void aTlsListenerServesHttpsAndAnswersPlainHttpInClear(String k) throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-k", k, "-b", "127.0.0.1:0", "--certfile",
                PKI.path("ec-fullchain.pem"), "--keyfile", PKI.path("ec.key"), "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            m.awaitWorkers(1);
            String https = "https://localhost:" + port + "/echo?x=1";
            String out = MasterIT.withRetry(() -> curl("--cacert", PKI.path("ca.pem"), "--resolve",
                    "localhost:" + port + ":127.0.0.1", "--data", "hello", https));
            assertThat(out).contains("\"scheme\":\"https\"", "\"body_length\":5");
            HttpResponse plain = get(port, "/");
            assertThat(plain.status()).isEqualTo(400);
            assertThat(plain.text()).contains("The plain HTTP request was sent to HTTPS port");
        }
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("curl failed: " + out);
        }
        return out;
    }

    @Test
    void insecureBindAddressesAreListenedOnToo() throws Exception {
        try (LoomicornProcess m = LoomicornProcess.start("-b", "127.0.0.1:0", "--insecure-bind", "127.0.0.1:0", APP)) {
            m.awaitPort();
            m.awaitWorkers(1);
            m.awaitLog(l -> m.ports().size() == 2, Duration.ofSeconds(30));
            for (int port : m.ports()) {
                assertThat(MasterIT.withRetry(() -> get(port, "/")).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aHupWithABadCertificateKeepsTheRunningWorkers() throws Exception {
        Path conf = work.resolve("loomicorn.conf");
        Files.writeString(conf, "bind = \"127.0.0.1:0\"\nwsgi_app = \"" + APP + "\"\n");
        try (LoomicornProcess m = LoomicornProcess.start("-c", conf.toString())) {
            int port = m.awaitPort();
            long worker = m.awaitWorkers(1).getFirst();
            assertThat(MasterIT.withRetry(() -> get(port, "/")).status()).isEqualTo(200);

            Files.writeString(conf, "certfile = \"" + PKI.path("ec.pem") + "\"\nkeyfile = \"" + PKI.path("rsa.key")
                    + "\"\n", java.nio.file.StandardOpenOption.APPEND);
            m.signal("HUP");
            String line = m.awaitLog("Reload failed, keeping the running configuration:", Duration.ofSeconds(60));
            assertThat(line).contains("Error: invalid value for keyfile (--keyfile): '" + PKI.path("rsa.key")
                    + "': the key does not match the certificate CN=localhost");
            assertThat(get(port, "/").status()).isEqualTo(200);
            assertThat(LoomicornProcess.alive(worker)).isTrue();
            assertThat(m.workerPids()).containsExactly(worker);
        }
    }
}
