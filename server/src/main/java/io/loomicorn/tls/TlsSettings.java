package io.loomicorn.tls;

import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigException;
import io.loomicorn.config.Setting;
import io.loomicorn.config.Settings;

import java.util.List;
import java.util.Optional;

/**
 * The SSL section of the settings, read once, with the checks that span several settings.
 *
 * @param certfile     the certificate chain (PEM) or PKCS#12 keystore
 * @param keyfile      the private key (PEM); empty when it is in {@code certfile}
 * @param passwordFile {@code keyfile_password_file}
 * @param passwordEnv  {@code keyfile_password_env}
 * @param caCerts      the CAs that client certificates must chain to
 * @param clientAuth   {@code cert_reqs}
 * @param ciphers      {@code ciphers}, as written
 * @param minVersion   {@code TLSv1.2} or {@code TLSv1.3}
 */
public record TlsSettings(String certfile, Optional<String> keyfile, Optional<String> passwordFile,
                          Optional<String> passwordEnv, Optional<String> caCerts, ClientAuth clientAuth,
                          Optional<String> ciphers, String minVersion) {

    /** {@code cert_reqs}: whether clients are asked for a certificate. */
    public enum ClientAuth {
        /** Not asked. */
        NONE,
        /** Asked; a client that sends none is served, a bad certificate is refused. */
        OPTIONAL,
        /** Required: clients without a valid certificate are refused. */
        REQUIRED
    }

    /** The settings that only mean something with a certificate. */
    private static final List<Setting<?>> NEED_CERTFILE = List.of(Settings.KEYFILE, Settings.KEYFILE_PASSWORD_FILE,
            Settings.KEYFILE_PASSWORD_ENV, Settings.CA_CERTS, Settings.CERT_REQS, Settings.CIPHERS,
            Settings.SSL_MIN_VERSION);

    /**
     * Reads the SSL settings.
     *
     * @param config the resolved settings
     * @return the TLS settings, or empty when {@code certfile} is not set (no TLS)
     * @throws ConfigException when the settings contradict each other
     */
    public static Optional<TlsSettings> from(Config config) {
        Optional<String> certfile = config.get(Settings.CERTFILE);
        if (certfile.isEmpty()) {
            for (Setting<?> s : NEED_CERTFILE) {
                if (!config.get(s).equals(s.defaultValue())) {
                    throw new ConfigException("Error: " + s.name() + " is set but certfile is not;"
                            + " TLS needs a certificate (set certfile, or remove " + s.name() + ")");
                }
            }
            return Optional.empty();
        }
        ClientAuth auth = ClientAuth.valueOf(config.get(Settings.CERT_REQS).toUpperCase(java.util.Locale.ROOT));
        Optional<String> ca = config.get(Settings.CA_CERTS);
        if (auth != ClientAuth.NONE && ca.isEmpty()) {
            throw new ConfigException("Error: cert_reqs is " + config.get(Settings.CERT_REQS)
                    + " but ca_certs is not set; client certificates are verified against ca_certs");
        }
        if (auth == ClientAuth.NONE && ca.isPresent()) {
            throw new ConfigException("Error: ca_certs is set but cert_reqs is none, so no client certificate"
                    + " would be asked for; set cert_reqs to optional or required, or remove ca_certs");
        }
        return Optional.of(new TlsSettings(certfile.get(), config.get(Settings.KEYFILE),
                config.get(Settings.KEYFILE_PASSWORD_FILE), config.get(Settings.KEYFILE_PASSWORD_ENV), ca, auth,
                config.get(Settings.CIPHERS), config.get(Settings.SSL_MIN_VERSION)));
    }

    /** Returns the protocols to enable, newest first: TLS 1.3, and TLS 1.2 unless the minimum is 1.3. */
    public String[] protocols() {
        return minVersion.equals("TLSv1.3") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"};
    }
}
