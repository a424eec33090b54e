package io.loomicorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomicorn.testing.LoomicornProcess;
import io.loomicorn.testing.TestPki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renewing a certificate under load (issue 12): clients keep sending requests over TLS, on
 * kept-alive connections and on new ones, while the certificate and key files are replaced
 * and the master gets HUP. New connections must then see the new certificate, and no
 * request may fail. A second HUP with a key that does not match keeps the running workers
 * and logs one line. Bounded in time; loopback only; the master is stopped by pid.
 */
@Tag("slow")
class TlsRenewalIT {

    private static final TestPki PKI = TestPki.get();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void aRenewedCertificateIsServedAfterHupWithoutAFailedRequestAndABadOneChangesNothing(String k) throws Exception {
        Path cert = work.resolve("cert.pem");
        Path key = work.resolve("key.pem");
        X509Certificate first = issue("first-" + k, "/CN=localhost/O=first " + k);
        install("first-" + k, cert, key);
        try (LoomicornProcess m = LoomicornProcess.start("-k", k, "-w", "2", "-b", "127.0.0.1:0",
                "--certfile", cert.toString(), "--keyfile", key.toString(), "io.loomicorn.examples.DemoApp")) {
            int port = m.awaitPort();
            m.awaitWorkers(2);
            for (int i = 0; i < 4; i++) {
                MasterIT.withRetry(() -> Wire.TLS.get(port, "/"));
            }
            assertThat(servedSerial(port)).isEqualTo(first.getSerialNumber());

            // sync closes every connection: both loads then make a handshake per request.
            LoadClient kept = new LoadClient(port, "/", !k.equals("sync"), Wire.TLS).start(8);
            LoadClient fresh = new LoadClient(port, "/", false, Wire.TLS).start(4);
            try {
                Thread.sleep(3_000);
                X509Certificate second = issue("second-" + k, "/CN=localhost/O=second " + k);
                install("second-" + k, cert, key);
                m.signal("HUP");
                awaitNewGeneration(m);
                awaitServed(m, port, second.getSerialNumber());
                assertThat(m.log()).contains("TLS certificate: O=second " + k + ",CN=localhost");
                Thread.sleep(3_000);

                long booted = m.workerPids().size();
                Files.copy(PKI.file("rsa.key"), key, StandardCopyOption.REPLACE_EXISTING);
                m.signal("HUP");
                m.awaitLog("Reload failed, keeping the running configuration:", Duration.ofSeconds(60));
                Thread.sleep(3_000);
                assertThat(m.count("Reload failed")).as(m.log()).isEqualTo(1);
                assertThat(m.log()).contains("invalid value for keyfile (--keyfile): '" + key
                        + "': the key does not match the certificate O=second " + k + ",CN=localhost")
                        .doesNotContain("\tat ");
                assertThat(m.workerPids()).as("no worker was started").hasSize((int) booted);
                assertThat(servedSerial(port)).as(m::log).isEqualTo(second.getSerialNumber());
            } finally {
                kept.stop();
                fresh.stop();
            }
            assertThat(kept.failures()).as(() -> "kept-alive connections: " + kept + "\n" + m.log()).isZero();
            assertThat(fresh.failures()).as(() -> "new connections: " + fresh + "\n" + m.log()).isZero();
            assertThat(kept.successes()).isPositive();
            assertThat(fresh.successes()).isPositive();
            System.out.println("TlsRenewalIT " + k + ": kept-alive " + kept + "; new connections " + fresh);
        }
    }

    private static X509Certificate issue(String name, String subject) {
        PKI.issueServerCertificate(name, subject);
        return PKI.certificate(name + ".pem");
    }

    /** Replaces the files as a renewal client does: a new file renamed over the old one. */
    private static void install(String name, Path cert, Path key) throws Exception {
        for (Path[] pair : new Path[][] {{PKI.file(name + ".key"), key}, {PKI.file(name + ".pem"), cert}}) {
            Path next = pair[1].resolveSibling(pair[1].getFileName() + ".new");
            Files.copy(pair[0], next, StandardCopyOption.REPLACE_EXISTING);
            Files.move(next, pair[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The serial of the certificate a new connection gets, with a new client context (no resumed session). */
    private static BigInteger servedSerial(int port) throws Exception {
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            raw.setSoTimeout(10_000);
            try (SSLSocket tls = (SSLSocket) PKI.clientContext(null).getSocketFactory()
                    .createSocket(raw, "localhost", port, false)) {
                tls.startHandshake();
                return ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        }
    }

    /** Waits until the two workers of the new generation booted (a worker JVM took 57 s to boot at a load average of 50). */
    private static void awaitNewGeneration(LoomicornProcess m) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (m.workerPids().size() < 4) {
            assertThat(System.nanoTime() - giveUp).as(() -> "the new workers did not boot:\n" + m.log()).isNegative();
            Thread.sleep(100);
        }
    }

    /**
     * Waits until five new connections in a row get the certificate: the old workers stopped
     * accepting. A handshake that fails or times out counts as not yet; the bound is the
     * whole wait, and the failure shows the master's log.
     */
    private static void awaitServed(LoomicornProcess m, int port, BigInteger serial) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int inARow = 0;
        while (inARow < 5) {
            assertThat(System.nanoTime() - giveUp).as(() -> "new connections still get the old certificate:\n"
                    + m.log()).isNegative();
            BigInteger served;
            try {
                served = servedSerial(port);
            } catch (IOException e) {
                served = null;
            }
            inARow = serial.equals(served) ? inARow + 1 : 0;
            Thread.sleep(100);
        }
    }
}
