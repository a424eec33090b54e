package io.loomicorn.tls;

import io.loomicorn.app.SettingsView;
import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigException;
import io.loomicorn.config.Settings;
import io.loomicorn.hooks.Hooks;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A worker's TLS setup, built once at boot from the SSL settings: the {@link SSLContext}
 * (key manager from the certificate chain and key, trust manager from {@code ca_certs}),
 * the {@link SSLParameters} every connection gets, and the {@code ssl_context} hook's
 * changes to both. It makes one {@link TlsConnection} per accepted connection.
 *
 * <p>The parameters: protocols from {@code ssl_min_version} (TLS 1.3 first), the
 * {@code ciphers} in the server's order of preference, client authentication from
 * {@code cert_reqs}, and ALPN offering {@code http/1.1} only ({@code h2} goes in front
 * of it when HTTP/2 exists). Client-initiated renegotiation is refused
 * ({@code jdk.tls.rejectClientInitiatedRenegotiation}, set before the JDK's TLS server code
 * first loads; TLS 1.3 has no renegotiation).
 *
 * <p>Reloading certificates is a new worker generation: each worker builds its own from
 * the files on disk, so a HUP picks up renewed files.
 */
public final class ServerTls {

    /** The ALPN protocols offered, in the server's order of preference. */
    public static final List<String> APPLICATION_PROTOCOLS = List.of("http/1.1");

    static {
        // Read once, when the JDK's server handshake class initialises (JDK 25:
        // ServerHandshakeContext); no TLS server has run in this JVM before this class.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    /**
     * How many idle record buffers (two records each, 33 KiB in TLS 1.3) a worker keeps: a
     * connection holds one only while it writes, so a few serve the worker's threads.
     */
    private static final int SPARE_RECORD_BUFFERS = 8;

    /** The password of the in-memory key store that hands the key to the key manager. */
    private static final char[] STORE_PASSWORD = "loomicorn".toCharArray();

    private final SSLContext context;
    private final SSLParameters parameters;
    private final List<X509Certificate> chain;
    private final RecordBuffers recordBuffers = new RecordBuffers(SPARE_RECORD_BUFFERS);

    private ServerTls(SSLContext context, SSLParameters parameters, List<X509Certificate> chain) {
        this.context = context;
        this.parameters = parameters;
        this.chain = chain;
    }

    /**
     * Builds the worker's TLS setup: reads and checks the files, builds the defaults, and
     * runs the {@code ssl_context} hook. Call before the worker switches user, so that keys
     * readable only by root can be read.
     *
     * @param config      the resolved settings
     * @param hooks       the hooks, for {@code ssl_context}
     * @param environment the process environment, for {@code keyfile_password_env}
     * @return the setup, or empty without {@code certfile}
     * @throws ConfigException with one line naming the bad setting, or the failing hook
     */
    public static Optional<ServerTls> load(Config config, Hooks hooks, Map<String, String> environment) {
        Optional<TlsSettings> settings = TlsSettings.from(config);
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        TlsMaterial material = TlsMaterial.load(settings.get(), environment, Instant.now());
        return Optional.of(build(settings.get(), material, hooks, config));
    }

    /**
     * The master's check before any worker spawns (at start and on HUP): reads and checks
     * the files and builds the defaults, without the hook (hooks run in workers).
     *
     * @param config      the resolved settings
     * @param environment the master's environment; {@code raw_env} is added, as workers see it
     * @return the setup built, or empty without {@code certfile}
     * @throws ConfigException with one line naming the bad setting and its value
     */
    public static Optional<ServerTls> check(Config config, Map<String, String> environment) {
        Map<String, String> workerEnvironment = new HashMap<>(environment);
        for (String entry : config.get(Settings.RAW_ENV)) {
            int eq = entry.indexOf('=');
            workerEnvironment.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return load(config, new Hooks() { }, workerEnvironment);
    }

    /** Builds the context and parameters from checked material, then lets the hook adjust them. */
    static ServerTls build(TlsSettings settings, TlsMaterial material, Hooks hooks, SettingsView view) {
        SSLContext defaults = defaultContext(material);
        SSLParameters parameters = defaults.getDefaultSSLParameters();
        parameters.setProtocols(settings.protocols());
        if (settings.ciphers().isPresent()) {
            parameters.setCipherSuites(CipherSuites.resolve(settings.ciphers().get(), parameters.getCipherSuites()));
        }
        parameters.setUseCipherSuitesOrder(true);
        switch (settings.clientAuth()) {
            case NONE -> parameters.setNeedClientAuth(false);
            case OPTIONAL -> parameters.setWantClientAuth(true);
            case REQUIRED -> parameters.setNeedClientAuth(true);
        }
        parameters.setApplicationProtocols(APPLICATION_PROTOCOLS.toArray(String[]::new));
        SSLContext context;
        try {
            context = hooks.sslContext(view, () -> defaults, parameters);
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigException("Error: the ssl_context hook of " + hooks.getClass().getName()
                    + " failed: " + e);
        }
        if (context == null) {
            throw new ConfigException("Error: the ssl_context hook of " + hooks.getClass().getName()
                    + " returned null instead of an SSLContext");
        }
        ServerTls tls = new ServerTls(context, parameters, material.chain());
        try {
            SSLEngine probe = tls.newEngine();
            if (probe.getEnabledProtocols().length == 0 || probe.getEnabledCipherSuites().length == 0) {
                throw new IllegalArgumentException("no protocol or no cipher suite is left enabled");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("Error: the TLS parameters cannot be used (" + e.getMessage()
                    + "); check ssl_min_version, ciphers and the ssl_context hook");
        }
        return tls;
    }

    private static SSLContext defaultContext(TlsMaterial material) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", material.key(), STORE_PASSWORD,
                    material.chain().toArray(X509Certificate[]::new));
            // SunX509 reads the key once, here. PKIX reads its entry from the key store on every
            // handshake, and a PKCS#12 store decrypts it (PBKDF2) each time: 10.8 ms of CPU per
            // handshake against Undertow's 2.4 ms (benchmarks/run tls).
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(keys, STORE_PASSWORD);
            TrustManagerFactory tmf = null;
            if (!material.trustAnchors().isEmpty()) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                int i = 0;
                for (X509Certificate ca : material.trustAnchors()) {
                    anchors.setCertificateEntry("ca-" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(anchors);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK could not build a TLS context from checked material", e);
        }
    }

    /** Returns a new server-mode engine with the parameters. */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Starts the TLS side of a connection accepted from a TLS listener, for a blocking
     * driver: records are written to the channel until they are all out.
     *
     * @param channel the accepted connection, in blocking mode
     * @return the connection's reader and writer
     */
    public TlsConnection open(SocketChannel channel) {
        return open(channel, bytes -> {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }, () -> { }, false);
    }

    /**
     * Starts the TLS side of a connection.
     *
     * @param source       the socket, or what reads it
     * @param sink         where records go; must take every byte (write or queue a copy)
     * @param resumeReader for an event loop, runs after a writer sent handshake output the
     *                     reader deferred; the loop should then read again
     * @param eventLoop    whether the reader must never wait for the write lock
     * @return the connection's reader and writer
     */
    public TlsConnection open(ReadableByteChannel source, TlsOutbound.NetworkSink sink, Runnable resumeReader,
                              boolean eventLoop) {
        TlsCodec codec = new TlsCodec(newEngine());
        TlsOutbound outbound = new TlsOutbound(codec, sink, resumeReader, recordBuffers);
        return new TlsConnection(codec, new TlsReader(codec, source, outbound, eventLoop), outbound);
    }

    /** Returns the server's certificate chain, its own certificate first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Describes the setup for the log, e.g. {@code CN=example.com, valid until 2026-09-01T00:00:00Z}. */
    public String describe() {
        X509Certificate leaf = chain.getFirst();
        return leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant()
                + ", " + String.join("/", parameters.getProtocols());
    }
}
