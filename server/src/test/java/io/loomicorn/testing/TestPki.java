package io.loomicorn.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and keys made during the test run, never committed: a test CA, server
 * certificates for EC P-256, RSA 2048 and Ed25519 keys in every file form Loomicorn reads,
 * client certificates for mutual TLS, and bad ones (expired, not yet valid, from another CA).
 *
 * <p>Made with {@code openssl} (Debian's; {@code apt-get install -y openssl}) and the
 * running JDK's {@code keytool}, once per test JVM, in a temporary directory removed at exit.
 */
public final class TestPki {

    /** The password of every encrypted key and keystore made here. */
    public static final String PASSWORD = "correct horse";

    private static volatile TestPki instance;

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Returns the files, making them on first use. */
    public static TestPki get() {
        TestPki pki = instance;
        if (pki == null) {
            synchronized (TestPki.class) {
                pki = instance;
                if (pki == null) {
                    pki = make();
                    instance = pki;
                }
            }
        }
        return pki;
    }

    /** Returns a file of the set, e.g. {@code ec.pem}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Returns the absolute path of a file of the set, as a setting takes it. */
    public String path(String name) {
        return file(name).toString();
    }

    private static TestPki make() {
        try {
            Path dir = Files.createTempDirectory("loomicorn-test-pki-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            TestPki pki = new TestPki(dir);
            pki.generate();
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void generate() throws IOException {
        Files.writeString(file("password.txt"), PASSWORD + "\n");
        Files.writeString(file("server.ext"), """
                subjectAltName = DNS:localhost, IP:127.0.0.1
                extendedKeyUsage = serverAuth
                """);
        Files.writeString(file("client.ext"), "extendedKeyUsage = clientAuth\n");
        // The CA, and a second CA that nobody trusts.
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "30", "-subj", "/CN=Loomicorn Test CA");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", path("other-ca.key"), "-out", path("other-ca.pem"), "-days", "30",
                "-subj", "/CN=Some Other CA");
        // Server keys, PKCS#8 as openssl 3 writes them, and their certificates.
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("ec.key"));
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path("rsa.key"));
        openssl("genpkey", "-algorithm", "ed25519", "-out", path("ed25519.key"));
        for (String name : List.of("ec", "rsa", "ed25519")) {
            sign(name, "ca", "/CN=localhost", "server.ext");
            Files.writeString(file(name + "-fullchain.pem"),
                    Files.readString(file(name + ".pem")) + Files.readString(file("ca.pem")));
        }
        // The other key forms of the same keys.
        openssl("rsa", "-in", path("rsa.key"), "-traditional", "-out", path("rsa-pkcs1.key"));
        openssl("ec", "-in", path("ec.key"), "-out", path("ec-sec1.key"));
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", path("ec.key"), "-out", path("ec-encrypted.key"),
                "-passout", "pass:" + PASSWORD);
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", path("rsa.key"), "-out", path("rsa-encrypted.key"),
                "-passout", "pass:" + PASSWORD);
        openssl("rsa", "-in", path("rsa.key"), "-traditional", "-aes128", "-passout", "pass:" + PASSWORD,
                "-out", path("rsa-legacy-encrypted.key"));
        Files.writeString(file("ec-combined.pem"), Files.readString(file("ec-fullchain.pem"))
                + Files.readString(file("ec.key")));
        openssl("pkcs12", "-export", "-in", path("ec.pem"), "-inkey", path("ec.key"), "-certfile", path("ca.pem"),
                "-out", path("ec.p12"), "-passout", "pass:" + PASSWORD);
        openssl("pkcs12", "-export", "-in", path("rsa.pem"), "-inkey", path("rsa.key"), "-out", path("rsa-nopass.p12"),
                "-passout", "pass:");
        // keytool's own PKCS#12, and certificates outside their validity period.
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "30", "-keystore", path("keytool.p12"),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=expired.example", "-startdate", "-10d", "-validity", "2",
                "-keystore", path("expired.p12"), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=future.example", "-startdate", "+10d", "-validity", "30",
                "-keystore", path("future.p12"), "-storetype", "PKCS12", "-storepass", PASSWORD);
        for (String name : List.of("expired", "future")) {
            openssl("pkcs12", "-in", path(name + ".p12"), "-nokeys", "-out", path(name + ".pem"),
                    "-passin", "pass:" + PASSWORD);
            openssl("pkcs12", "-in", path(name + ".p12"), "-nocerts", "-nodes", "-out", path(name + ".key"),
                    "-passin", "pass:" + PASSWORD);
        }
        // Clients: one the CA signed, one from the other CA.
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("client.key"));
        sign("client", "ca", "/CN=client one", "client.ext");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("stranger.key"));
        sign("stranger", "other-ca", "/CN=stranger", "client.ext");
        for (String name : List.of("client", "stranger")) {
            openssl("pkcs12", "-export", "-in", path(name + ".pem"), "-inkey", path(name + ".key"),
                    "-out", path(name + ".p12"), "-passout", "pass:" + PASSWORD);
        }
    }

    /**
     * Makes one more server key and certificate for localhost and 127.0.0.1, signed by the
     * test CA, as a renewal would: {@code NAME.key} (EC P-256) and {@code NAME.pem} (the
     * certificate, then the CA), each with its own serial number.
     *
     * @param name    the files' base name
     * @param subject the certificate's subject, e.g. {@code /CN=localhost/O=renewed}
     * @return the certificate file
     */
    public synchronized Path issueServerCertificate(String name, String subject) {
        try {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path(name + ".key"));
            sign(name, "ca", subject, "server.ext");
            Files.writeString(file(name + ".pem"), Files.readString(file(name + ".pem")) + Files.readString(file("ca.pem")));
            return file(name + ".pem");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sign(String name, String ca, String subject, String extensions) throws IOException {
        openssl("req", "-new", "-key", path(name + ".key"), "-out", path(name + ".csr"), "-subj", subject);
        openssl("x509", "-req", "-in", path(name + ".csr"), "-CA", path(ca + ".pem"), "-CAkey", path(ca + ".key"),
                "-CAcreateserial", "-days", "30", "-extfile", path(extensions), "-out", path(name + ".pem"));
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        run(cmd, "openssl is needed to make test certificates: apt-get install -y openssl");
    }

    private void keytool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        run(cmd, "the JDK's keytool is needed to make test certificates");
    }

    private void run(List<String> cmd, String hint) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(hint + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a PEM certificate with the JDK alone (independent of the code under test). */
    public X509Certificate certificate(String name) {
        try (var in = Files.newInputStream(file(name))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client's context with the JDK alone: trusts {@code ca.pem}, and presents the
     * PKCS#12 {@code clientKeystore} when not null.
     */
    public SSLContext clientContext(String clientKeystore) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate("ca.pem"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientKeystore != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(new ByteArrayInputStream(Files.readAllBytes(file(clientKeystore))), PASSWORD.toCharArray());
                kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(keys, PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : new KeyManager[] {new PresentAnyway(
                    (X509ExtendedKeyManager) kmf.getKeyManagers()[0])}, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client key manager that presents its one certificate whatever CAs the server names
     * (the JDK's own would send none to a server that does not name its issuer), so that a
     * server can be shown an untrusted certificate.
     */
    private static final class PresentAnyway extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;
        private final String alias;

        PresentAnyway(X509ExtendedKeyManager keys) {
            this.keys = keys;
            String found = null;
            for (String type : new String[] {"EC", "RSA"}) {
                String[] aliases = keys.getClientAliases(type, null);
                if (aliases != null && aliases.length > 0) {
                    found = aliases[0];
                }
            }
            this.alias = found;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort, in a temporary directory
        }
    }
}
