package io.loomicorn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigException;
import io.loomicorn.config.Settings;
import io.loomicorn.testing.TestPki;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every key and certificate form the SSL settings accept, and every bad file, with its one-line error. */
class KeyMaterialTest {

    private static final TestPki PKI = TestPki.get();

    @TempDir
    Path tmp;

    private static Config config(String certfile, String keyfile) {
        Config c = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path(certfile)));
        return keyfile == null ? c : c.with(Settings.KEYFILE, Optional.of(PKI.path(keyfile)));
    }

    private static TlsMaterial load(Config config) {
        return load(config, Map.of());
    }

    private static TlsMaterial load(Config config, Map<String, String> env) {
        return TlsMaterial.load(TlsSettings.from(config).orElseThrow(), env, Instant.now());
    }

    private static String error(Config config) {
        return error(config, Map.of());
    }

    private static String error(Config config, Map<String, String> env) {
        try {
            ServerTls.check(config, env);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("Error: ").doesNotContain("\n").doesNotContain("Exception")
                    .hasSizeLessThan(400);
            return e.getMessage();
        }
        throw new AssertionError("expected a configuration error");
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({
        "ec.pem,               ec.key,                    EC",
        "ec-fullchain.pem,     ec.key,                    EC",
        "ec-fullchain.pem,     ec-sec1.key,               EC",
        "rsa.pem,              rsa.key,                   RSA",
        "rsa-fullchain.pem,    rsa-pkcs1.key,             RSA",
        "ed25519.pem,          ed25519.key,               Ed25519",
    })
    void readsEveryUnencryptedPemKeyForm(String cert, String key, String algorithm) {
        TlsMaterial m = load(config(cert, key));
        assertThat(m.key().getAlgorithm()).isIn(algorithm, "EdDSA");
        assertThat(m.chain().getFirst()).isEqualTo(PKI.certificate(cert));
        assertThat(m.chain()).hasSize(cert.contains("fullchain") ? 2 : 1);
        assertThat(m.trustAnchors()).isEmpty();
    }

    @Test
    void thePkcs1AndSec1FormsGiveTheSameKeysAsPkcs8() {
        RSAPrivateCrtKey pkcs8 = (RSAPrivateCrtKey) load(config("rsa.pem", "rsa.key")).key();
        RSAPrivateCrtKey pkcs1 = (RSAPrivateCrtKey) load(config("rsa.pem", "rsa-pkcs1.key")).key();
        assertThat(pkcs1.getPrivateExponent()).isEqualTo(pkcs8.getPrivateExponent());
        assertThat(pkcs1.getModulus()).isEqualTo(pkcs8.getModulus());
        ECPrivateKey ec8 = (ECPrivateKey) load(config("ec.pem", "ec.key")).key();
        ECPrivateKey sec1 = (ECPrivateKey) load(config("ec.pem", "ec-sec1.key")).key();
        assertThat(sec1.getS()).isEqualTo(ec8.getS());
    }

    @Test
    void aSec1KeyWithoutItsCurveTakesTheCurveFromTheCertificate() throws Exception {
        // openssl always writes [0] parameters; drop them by hand, as some tools do.
        PemFile.Block block = PemFile.parse(Files.readAllBytes(PKI.file("ec-sec1.key"))).getFirst();
        List<Der.Element> fields = Der.readWhole(block.der()).children();
        byte[] withoutCurve = Der.encode(Der.SEQUENCE, fields.stream()
                .filter(f -> f.tag() != Der.CONTEXT_0).map(Der.Element::encoded).toArray(byte[][]::new));
        Path key = tmp.resolve("no-curve.key");
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(withoutCurve) + "\n-----END EC PRIVATE KEY-----\n");
        Config c = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("ec.pem")))
                .with(Settings.KEYFILE, Optional.of(key.toString()));
        assertThat(((ECPrivateKey) load(c).key()).getS())
                .isEqualTo(((ECPrivateKey) load(config("ec.pem", "ec.key")).key()).getS());
    }

    @Test
    void theKeyMayBeInTheCertificateFile() {
        TlsMaterial m = load(config("ec-combined.pem", null));
        assertThat(m.chain()).hasSize(2);
        assertThat(m.key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void encryptedPkcs8TakesItsPasswordFromAFileOrAnEnvironmentVariable() {
        Config fromFile = config("ec.pem", "ec-encrypted.key")
                .with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(PKI.path("password.txt")));
        assertThat(load(fromFile).key().getAlgorithm()).isEqualTo("EC");
        Config fromEnv = config("rsa.pem", "rsa-encrypted.key")
                .with(Settings.KEYFILE_PASSWORD_ENV, Optional.of("TLS_KEY_PASSWORD"));
        assertThat(load(fromEnv, Map.of("TLS_KEY_PASSWORD", TestPki.PASSWORD)).key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void theMastersCheckSeesRawEnvAsTheWorkersWill() {
        Config c = config("rsa.pem", "rsa-encrypted.key")
                .with(Settings.KEYFILE_PASSWORD_ENV, Optional.of("TLS_KEY_PASSWORD"))
                .with(Settings.RAW_ENV, List.of("TLS_KEY_PASSWORD=" + TestPki.PASSWORD));
        assertThat(ServerTls.check(c, Map.of())).isPresent();
    }

    @Test
    void readsPkcs12KeystoresFromOpensslAndKeytool() {
        Config p12 = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("ec.p12")))
                .with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(PKI.path("password.txt")));
        TlsMaterial m = load(p12);
        assertThat(m.chain()).hasSize(2);
        assertThat(m.chain().getFirst()).isEqualTo(PKI.certificate("ec.pem"));
        Config keytool = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("keytool.p12")))
                .with(Settings.KEYFILE_PASSWORD_ENV, Optional.of("P"));
        assertThat(load(keytool, Map.of("P", TestPki.PASSWORD)).chain().getFirst().getSubjectX500Principal().getName())
                .isEqualTo("CN=localhost");
        Config noPassword = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("rsa-nopass.p12")));
        assertThat(load(noPassword).key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void readsTheCaBundle() {
        Config c = config("ec.pem", "ec.key").with(Settings.CA_CERTS, Optional.of(PKI.path("ca.pem")))
                .with(Settings.CERT_REQS, "required");
        assertThat(load(c).trustAnchors()).containsExactly(PKI.certificate("ca.pem"));
    }

    // ------------------------------------------------------------------ bad files

    @Test
    void aMissingFileIsRefusedWhenTheSettingIsRead() {
        assertThatThrownBy(() -> Config.defaults().with(Settings.CERTFILE, Optional.of(tmp.resolve("nope.pem").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Error: invalid value for certfile (--certfile): '")
                .hasMessageContaining("expected an existing file");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() {
        assertThat(error(config("ec.pem", "client.key"))).isEqualTo("Error: invalid value for keyfile (--keyfile): '"
                + PKI.path("client.key") + "': the key does not match the certificate CN=localhost");
        assertThat(error(config("ec.pem", "rsa.key"))).contains("the key does not match the certificate CN=localhost");
        assertThat(error(config("rsa.pem", "rsa-pkcs1.key").with(Settings.CERTFILE, Optional.of(PKI.path("ed25519.pem")))))
                .contains("invalid value for keyfile").contains("does not match");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefused() {
        assertThat(error(config("expired.pem", "expired.key")))
                .startsWith("Error: invalid value for certfile (--certfile): '" + PKI.path("expired.pem") + "': ")
                .contains("the certificate CN=expired.example expired on ");
        assertThat(error(config("future.pem", "future.key")))
                .contains("the certificate CN=future.example is not valid before ");
        Config p12 = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("expired.p12")))
                .with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(PKI.path("password.txt")));
        assertThat(error(p12)).contains("expired on");
    }

    @Test
    void anEncryptedKeyWithoutItsPasswordIsRefused() {
        assertThat(error(config("ec.pem", "ec-encrypted.key"))).isEqualTo("Error: invalid value for keyfile (--keyfile): '"
                + PKI.path("ec-encrypted.key") + "': the key is encrypted; give its password with keyfile_password_file"
                + " or keyfile_password_env");
    }

    @Test
    void aWrongPasswordIsRefusedAndSaysWhereItCameFrom() throws IOException {
        Path wrong = tmp.resolve("wrong.txt");
        Files.writeString(wrong, "battery staple\n");
        assertThat(error(config("ec.pem", "ec-encrypted.key").with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(wrong.toString()))))
                .isEqualTo("Error: invalid value for keyfile (--keyfile): '" + PKI.path("ec-encrypted.key")
                        + "': the password does not decrypt the key (wrong password?) (the password is read from"
                        + " keyfile_password_file " + wrong + ")");
        assertThat(error(config("rsa.pem", "rsa-encrypted.key").with(Settings.KEYFILE_PASSWORD_ENV, Optional.of("PW")),
                Map.of("PW", "nope"))).contains("wrong password").contains("read from $PW");
        Config p12 = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("ec.p12")))
                .with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(wrong.toString()));
        assertThat(error(p12)).startsWith("Error: invalid value for certfile (--certfile): ")
                .contains("the password does not open the PKCS#12 keystore");
    }

    @Test
    void anUnreadablePasswordSourceIsRefused() throws IOException {
        assertThat(error(config("ec.pem", "ec-encrypted.key").with(Settings.KEYFILE_PASSWORD_ENV, Optional.of("NOT_SET"))))
                .isEqualTo("Error: invalid value for keyfile_password_env (--keyfile-password-env): 'NOT_SET':"
                        + " the environment has no variable NOT_SET");
        Path binary = tmp.resolve("binary.txt");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThat(error(config("ec.pem", "ec-encrypted.key").with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(binary.toString()))))
                .startsWith("Error: invalid value for keyfile_password_file (--keyfile-password-file): ")
                .endsWith("the password is not UTF-8 text");
        Path unreadable = tmp.resolve("unreadable.txt");
        Files.writeString(unreadable, "x");
        Config c = config("ec.pem", "ec-encrypted.key").with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(unreadable.toString()));
        Files.delete(unreadable); // vanished between the setting's check and its use
        assertThat(error(c)).contains("keyfile_password_file").contains("cannot read it");
        assertThat(error(config("ec.pem", "ec-encrypted.key")
                .with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(PKI.path("password.txt")))
                .with(Settings.KEYFILE_PASSWORD_ENV, Optional.of("PW"))))
                .isEqualTo("Error: keyfile_password_file and keyfile_password_env are both set; set one of them");
    }

    @Test
    void aFileThatCannotBeReadSaysWhyWithoutRepeatingItsName() {
        // The JDK's message for these is the path alone, which the error line already names.
        assertThat(TlsMaterial.cannotRead(new AccessDeniedException("/etc/tls/key.pem")))
                .isEqualTo("cannot read it: permission denied for user " + System.getProperty("user.name"));
        assertThat(TlsMaterial.cannotRead(new NoSuchFileException("/etc/tls/key.pem")))
                .isEqualTo("cannot read it: there is no such file");
        assertThat(TlsMaterial.cannotRead(new FileSystemException("/etc/tls", null, "Is a directory")))
                .isEqualTo("cannot read it: Is a directory");
    }

    @Test
    void theLegacyEncryptedPemFormIsRefusedWithTheCommandThatConvertsIt() {
        assertThat(error(config("rsa.pem", "rsa-legacy-encrypted.key")
                .with(Settings.KEYFILE_PASSWORD_FILE, Optional.of(PKI.path("password.txt")))))
                .contains("OpenSSL's legacy PEM form").contains("openssl pkcs8 -topk8");
    }

    @Test
    void filesWithoutWhatTheyShouldHoldAreRefused() throws IOException {
        Path empty = tmp.resolve("empty.pem");
        Files.writeString(empty, "");
        Path garbage = tmp.resolve("garbage.pem");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
        Path derGarbage = tmp.resolve("garbage.p12");
        Files.write(derGarbage, new byte[] {0x30, 3, 1, 2, 3});
        Path cut = tmp.resolve("cut.pem");
        Files.writeString(cut, Files.readString(PKI.file("ec.pem")).substring(0, 200));
        Path twoKeys = tmp.resolve("two-keys.pem");
        Files.writeString(twoKeys, Files.readString(PKI.file("ec.key")) + Files.readString(PKI.file("client.key")));
        Path badBase64 = tmp.resolve("bad64.pem");
        Files.writeString(badBase64, "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        Path notACert = tmp.resolve("not-a-cert.pem");
        Files.writeString(notACert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThat(error(withCert(empty, "ec.key"))).contains("certfile").contains("holds no PEM certificate");
        assertThat(error(withCert(garbage, "ec.key"))).contains("certfile").contains("holds no PEM certificate");
        assertThat(error(Config.defaults().with(Settings.CERTFILE, Optional.of(derGarbage.toString()))))
                .contains("certfile").contains("neither PEM nor a PKCS#12 keystore");
        assertThat(error(withCert(cut, "ec.key"))).contains("certfile").contains("has no END line");
        assertThat(error(withCert(badBase64, "ec.key"))).contains("certfile").contains("not valid base64");
        assertThat(error(withCert(notACert, "ec.key"))).contains("certfile").contains("certificate 1 in the file cannot be read");
        assertThat(error(config("ec.pem", null))).isEqualTo("Error: invalid value for certfile (--certfile): '"
                + PKI.path("ec.pem") + "': the file holds no private key; name the key file with keyfile");
        assertThat(error(config("ec.pem", "ca.pem"))).contains("invalid value for keyfile").contains("holds no PEM private key");
        assertThat(error(config("ec.pem", null).with(Settings.KEYFILE, Optional.of(twoKeys.toString()))))
                .contains("holds 2 private keys; keep one");
        assertThat(error(config("ec.pem", "ec.key").with(Settings.CA_CERTS, Optional.of(empty.toString()))
                .with(Settings.CERT_REQS, "optional")))
                .startsWith("Error: invalid value for ca_certs (--ca-certs): ").contains("holds no PEM certificate");
        Config p12WithKey = Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("rsa-nopass.p12")))
                .with(Settings.KEYFILE, Optional.of(PKI.path("rsa.key")));
        assertThat(error(p12WithKey)).contains("invalid value for keyfile").contains("PKCS#12 keystore");
    }

    private static Config withCert(Path cert, String key) {
        return Config.defaults().with(Settings.CERTFILE, Optional.of(cert.toString()))
                .with(Settings.KEYFILE, Optional.of(PKI.path(key)));
    }

    @Test
    void settingsThatContradictEachOtherAreRefused() {
        assertThat(error(Config.defaults().with(Settings.KEYFILE, Optional.of(PKI.path("ec.key")))))
                .isEqualTo("Error: keyfile is set but certfile is not; TLS needs a certificate"
                        + " (set certfile, or remove keyfile)");
        assertThat(error(Config.defaults().with(Settings.SSL_MIN_VERSION, "TLSv1.3"))).contains("ssl_min_version is set");
        assertThat(error(config("ec.pem", "ec.key").with(Settings.CERT_REQS, "required")))
                .isEqualTo("Error: cert_reqs is required but ca_certs is not set;"
                        + " client certificates are verified against ca_certs");
        assertThat(error(config("ec.pem", "ec.key").with(Settings.CA_CERTS, Optional.of(PKI.path("ca.pem")))))
                .startsWith("Error: ca_certs is set but cert_reqs is none");
        assertThat(ServerTls.check(Config.defaults(), Map.of())).isEmpty();
    }

    @Test
    void badCipherSuitesAreRefusedByName() {
        assertThat(error(config("ec.pem", "ec.key").with(Settings.CIPHERS, Optional.of("ECDHE-ECDSA-AES128-GCM-SHA256:FOO-BAR"))))
                .isEqualTo("Error: invalid value for ciphers (--ciphers): 'ECDHE-ECDSA-AES128-GCM-SHA256:FOO-BAR':"
                        + " unknown cipher suite FOO-BAR; write its IANA name, such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(error(config("ec.pem", "ec.key").with(Settings.CIPHERS, Optional.of("DES-CBC3-SHA"))))
                .contains("the JDK does not enable TLS_RSA_WITH_3DES_EDE_CBC_SHA (DES-CBC3-SHA)");
        assertThat(error(config("ec.pem", "ec.key").with(Settings.CIPHERS, Optional.of("TLS_MADE_UP"))))
                .contains("the JDK does not enable TLS_MADE_UP:");
    }
}
