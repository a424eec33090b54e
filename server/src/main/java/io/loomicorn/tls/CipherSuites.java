package io.loomicorn.tls;

import io.loomicorn.config.ConfigException;
import io.loomicorn.config.Settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ciphers} setting turned into the JDK's suite names: OpenSSL's names are
 * translated ({@code ECDHE-RSA-AES128-GCM-SHA256} is
 * {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}), and each suite must be one the JDK
 * enables. As with OpenSSL's cipher list, the setting governs TLS 1.2: unless it names TLS
 * 1.3 suites, the JDK's TLS 1.3 suites are kept.
 */
final class CipherSuites {

    /** OpenSSL's key-exchange and authentication prefixes, longest first. */
    private static final List<Map.Entry<String, String>> KEY_EXCHANGES = List.of(
            Map.entry("ECDHE-ECDSA-", "ECDHE_ECDSA"),
            Map.entry("ECDHE-RSA-", "ECDHE_RSA"),
            Map.entry("ECDH-ECDSA-", "ECDH_ECDSA"),
            Map.entry("ECDH-RSA-", "ECDH_RSA"),
            Map.entry("DHE-RSA-", "DHE_RSA"),
            Map.entry("DHE-DSS-", "DHE_DSS"));

    /** OpenSSL's bulk cipher and MAC names. */
    private static final Map<String, String> BULK = Map.ofEntries(
            Map.entry("AES128-GCM-SHA256", "AES_128_GCM_SHA256"),
            Map.entry("AES256-GCM-SHA384", "AES_256_GCM_SHA384"),
            Map.entry("AES128-SHA256", "AES_128_CBC_SHA256"),
            Map.entry("AES256-SHA384", "AES_256_CBC_SHA384"),
            Map.entry("AES256-SHA256", "AES_256_CBC_SHA256"),
            Map.entry("AES128-SHA", "AES_128_CBC_SHA"),
            Map.entry("AES256-SHA", "AES_256_CBC_SHA"),
            Map.entry("CHACHA20-POLY1305", "CHACHA20_POLY1305_SHA256"),
            Map.entry("AES128-CCM", "AES_128_CCM"),
            Map.entry("AES256-CCM", "AES_256_CCM"),
            Map.entry("DES-CBC3-SHA", "3DES_EDE_CBC_SHA"));

    /** The TLS 1.3 suites (RFC 8446 §B.4). */
    private static final Set<String> TLS13 = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    private CipherSuites() {
    }

    /**
     * Resolves the setting.
     *
     * @param raw      the {@code ciphers} value, names separated by {@code :} or {@code ,}
     * @param enabled  the suites the JDK enables by default, strongest first
     * @return the suites to enable, in the setting's order, TLS 1.3 defaults appended when
     *         the setting names none
     * @throws ConfigException naming the first suite that is unknown or not enabled
     */
    static String[] resolve(String raw, String[] enabled) {
        Set<String> enabledSet = Set.of(enabled);
        Set<String> chosen = new LinkedHashSet<>();
        for (String token : raw.split("[:,]")) {
            String name = token.strip();
            String jdkName = jdkName(name);
            if (jdkName == null) {
                throw Settings.CIPHERS.invalidValue(raw, "unknown cipher suite " + name
                        + "; write its IANA name, such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            }
            if (!enabledSet.contains(jdkName)) {
                throw Settings.CIPHERS.invalidValue(raw, "the JDK does not enable " + jdkName
                        + (jdkName.equals(name) ? "" : " (" + name + ")")
                        + ": it is unknown to it, or disabled as weak (jdk.tls.disabledAlgorithms)");
            }
            chosen.add(jdkName);
        }
        if (chosen.stream().noneMatch(TLS13::contains)) {
            Arrays.stream(enabled).filter(TLS13::contains).forEach(chosen::add);
        }
        return chosen.toArray(String[]::new);
    }

    /** Returns the JDK's name for an IANA or OpenSSL suite name, or {@code null} when it has none. */
    static String jdkName(String name) {
        if (name.startsWith("TLS_") || name.startsWith("SSL_")) {
            return name;
        }
        String keyExchange = "RSA";
        String rest = name;
        for (Map.Entry<String, String> kx : KEY_EXCHANGES) {
            if (name.startsWith(kx.getKey())) {
                keyExchange = kx.getValue();
                rest = name.substring(kx.getKey().length());
                break;
            }
        }
        String bulk = BULK.get(rest);
        return bulk == null ? null : "TLS_" + keyExchange + "_WITH_" + bulk;
    }

    /** Lists the TLS 1.3 suites among {@code suites} (for tests and the docs). */
    static List<String> tls13(String[] suites) {
        List<String> out = new ArrayList<>();
        for (String s : suites) {
            if (TLS13.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
