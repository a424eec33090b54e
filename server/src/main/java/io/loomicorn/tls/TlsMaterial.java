package io.loomicorn.tls;

import io.loomicorn.config.ConfigException;
import io.loomicorn.config.Setting;
import io.loomicorn.config.Settings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's key and certificate chain, and the CAs for client certificates, read from
 * the files the settings name and checked: the key belongs to the first certificate, and
 * every certificate of the chain is valid now.
 *
 * @param key          the server's private key
 * @param chain        the server's certificate first, then its intermediates
 * @param trustAnchors the {@code ca_certs} certificates; empty without client authentication
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trustAnchors) {

    /** Copies the lists. */
    public TlsMaterial {
        chain = List.copyOf(chain);
        trustAnchors = List.copyOf(trustAnchors);
    }

    /**
     * Reads and checks the files.
     *
     * @param settings    the SSL settings
     * @param environment the process environment, for {@code keyfile_password_env}
     * @param now         the time certificates must be valid at
     * @return the material
     * @throws ConfigException with one line naming the setting and its value
     */
    public static TlsMaterial load(TlsSettings settings, Map<String, String> environment, Instant now) {
        char[] password = KeyPassword.read(settings.passwordFile(), settings.passwordEnv(), environment);
        try {
            byte[] certBytes = read(Settings.CERTFILE, settings.certfile());
            PrivateKey key;
            List<X509Certificate> chain;
            if (isKeyStore(certBytes)) {
                if (settings.keyfile().isPresent()) {
                    throw Settings.KEYFILE.invalidValue(settings.keyfile().get(), "certfile is a PKCS#12 keystore,"
                            + " which holds the key itself; remove keyfile");
                }
                KeyStore.PrivateKeyEntry entry = fromKeyStore(certBytes, password, settings);
                key = entry.getPrivateKey();
                chain = Arrays.stream(entry.getCertificateChain()).map(X509Certificate.class::cast).toList();
            } else {
                List<PemFile.Block> certBlocks = parse(Settings.CERTFILE, settings.certfile(), certBytes);
                chain = attribute(Settings.CERTFILE, settings.certfile(), () -> Certificates.read(certBlocks));
                Setting<Optional<String>> keySetting = settings.keyfile().isPresent() ? Settings.KEYFILE : Settings.CERTFILE;
                String keyPath = settings.keyfile().orElse(settings.certfile());
                List<PemFile.Block> keyBlocks = settings.keyfile().isPresent()
                        ? parse(Settings.KEYFILE, keyPath, read(Settings.KEYFILE, keyPath)) : certBlocks;
                PemFile.Block keyBlock = onlyKey(keySetting, keyPath, keyBlocks);
                key = attribute(keySetting, keyPath,
                        () -> PrivateKeys.decode(keyBlock, password, chain.getFirst().getPublicKey()), settings);
                attribute(keySetting, keyPath, () -> {
                    Certificates.checkKeyMatches(key, chain.getFirst());
                    return null;
                });
            }
            attribute(Settings.CERTFILE, settings.certfile(), () -> {
                Certificates.checkValidity(chain, now);
                return null;
            });
            List<X509Certificate> anchors = List.of();
            if (settings.caCerts().isPresent()) {
                String ca = settings.caCerts().get();
                List<PemFile.Block> caBlocks = parse(Settings.CA_CERTS, ca, read(Settings.CA_CERTS, ca));
                anchors = attribute(Settings.CA_CERTS, ca, () -> Certificates.read(caBlocks));
            }
            return new TlsMaterial(key, chain, anchors);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** A PKCS#12 file is DER, a SEQUENCE (RFC 7292); anything else is read as PEM. */
    private static boolean isKeyStore(byte[] bytes) {
        return bytes.length > 0 && (bytes[0] & 0xff) == Der.SEQUENCE && !PemFile.isPem(bytes);
    }

    private static KeyStore.PrivateKeyEntry fromKeyStore(byte[] bytes, char[] password, TlsSettings settings) {
        String path = settings.certfile();
        char[] pw = password == null ? new char[0] : password;
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), pw);
        } catch (IOException e) {
            String reason = e.getCause() instanceof UnrecoverableKeyException
                    ? "the password does not open the PKCS#12 keystore" + passwordHint(settings)
                    : "it is neither PEM nor a PKCS#12 keystore (" + e.getMessage() + ")";
            throw Settings.CERTFILE.invalidValue(path, reason);
        } catch (GeneralSecurityException e) {
            throw Settings.CERTFILE.invalidValue(path, "the PKCS#12 keystore cannot be read: " + e.getMessage());
        }
        List<KeyStore.PrivateKeyEntry> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                    keys.add((KeyStore.PrivateKeyEntry) store.getEntry(alias, new KeyStore.PasswordProtection(pw)));
                }
            }
        } catch (GeneralSecurityException e) {
            throw Settings.CERTFILE.invalidValue(path, "the key in the PKCS#12 keystore cannot be read"
                    + " with the keystore's password: " + e.getMessage());
        }
        if (keys.size() != 1) {
            throw Settings.CERTFILE.invalidValue(path, "the PKCS#12 keystore holds " + keys.size()
                    + " private keys; it must hold exactly one, with its certificate chain");
        }
        for (Certificate c : keys.getFirst().getCertificateChain()) {
            if (!(c instanceof X509Certificate)) {
                throw Settings.CERTFILE.invalidValue(path, "the keystore holds a certificate that is not X.509");
            }
        }
        return keys.getFirst();
    }

    private static PemFile.Block onlyKey(Setting<?> setting, String path, List<PemFile.Block> blocks) {
        List<PemFile.Block> keys = blocks.stream().filter(b -> PrivateKeys.isKeyLabel(b.label())).toList();
        if (keys.isEmpty()) {
            throw setting.invalidValue(path, setting == Settings.CERTFILE
                    ? "the file holds no private key; name the key file with keyfile"
                    : "the file holds no PEM private key (-----BEGIN PRIVATE KEY----- or the RSA, EC or"
                            + " ENCRYPTED forms)");
        }
        if (keys.size() > 1) {
            throw setting.invalidValue(path, "the file holds " + keys.size() + " private keys; keep one");
        }
        return keys.getFirst();
    }

    private static byte[] read(Setting<?> setting, String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw setting.invalidValue(path, cannotRead(e));
        }
    }

    /**
     * Says why a file could not be read, without repeating its name (the JDK's message for
     * a denied or missing file is just the path).
     *
     * @param e what reading it threw
     * @return for example {@code cannot read it: permission denied for user www-data}
     */
    static String cannotRead(IOException e) {
        return "cannot read it: " + switch (e) {
            case AccessDeniedException a -> "permission denied for user " + System.getProperty("user.name");
            case NoSuchFileException n -> "there is no such file";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage();
        };
    }

    private static List<PemFile.Block> parse(Setting<?> setting, String path, byte[] content) {
        try {
            return PemFile.parse(content);
        } catch (IllegalArgumentException e) {
            throw setting.invalidValue(path, e.getMessage());
        }
    }

    /** A step that may find the material bad. */
    private interface Step<T> {
        T run() throws BadMaterialException;
    }

    private static <T> T attribute(Setting<?> setting, String path, Step<T> step) {
        try {
            return step.run();
        } catch (BadMaterialException e) {
            throw setting.invalidValue(path, e.getMessage());
        }
    }

    /** Like {@link #attribute(Setting, String, Step)}, saying where a password that failed came from. */
    private static <T> T attribute(Setting<?> setting, String path, Step<T> step, TlsSettings settings) {
        try {
            return step.run();
        } catch (BadMaterialException e) {
            String hint = e.getMessage().startsWith("the password") ? passwordHint(settings) : "";
            throw setting.invalidValue(path, e.getMessage() + hint);
        }
    }

    private static String passwordHint(TlsSettings settings) {
        return settings.passwordFile().map(f -> " (the password is read from keyfile_password_file " + f + ")")
                .or(() -> settings.passwordEnv().map(v -> " (the password is read from $" + v + ")"))
                .orElse(" (no password is set: see keyfile_password_file and keyfile_password_env)");
    }
}
