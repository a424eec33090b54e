package io.loomicorn.engine;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.proxy.ForwardedStyle;
import io.loomicorn.proxy.ProxyProtocolMode;
import io.loomicorn.proxy.ProxySettings;

import java.time.Duration;
import java.util.Locale;

/**
 * The settings the HTTP engine reads, gathered once per worker process.
 *
 * @param parser         parser limits and leniencies
 * @param keepAlive      how long an idle persistent connection waits for its next request
 *                       ({@code keepalive}); zero closes after each response
 * @param headerTimeout  how long a request head may take once its first byte arrived, and
 *                       how long a new connection may stay silent ({@code header_timeout})
 * @param requestTimeout the {@code timeout} setting: how long a request may run (zero: no limit)
 * @param serverHeader   the {@code Server} field, or empty for none
 * @param sendfile       whether files go through {@code FileChannel.transferTo}
 * @param bufferSize     the size of read buffers and of the response body buffer
 * @param proxy          who may set forwarded and PROXY headers, and the mount point
 */
public record EngineSettings(ParserConfig parser, Duration keepAlive, Duration headerTimeout,
                             Duration requestTimeout, String serverHeader, boolean sendfile, int bufferSize,
                             ProxySettings proxy) {

    /** Returns the settings used when nothing is configured: gunicorn's defaults. */
    public static EngineSettings defaults() {
        return new EngineSettings(ParserConfig.defaults(), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ZERO, "loomicorn", true, 8192, ProxySettings.defaults());
    }

    /**
     * Reads the engine's settings.
     *
     * @param config the resolved settings
     * @return the engine settings
     */
    public static EngineSettings from(Config config) {
        ParserConfig parser = new ParserConfig(
                config.get(Settings.LIMIT_REQUEST_LINE),
                config.get(Settings.LIMIT_REQUEST_FIELDS),
                config.get(Settings.LIMIT_REQUEST_FIELD_SIZE),
                config.get(Settings.LIMIT_REQUEST_BODY),
                config.get(Settings.PERMIT_OBSOLETE_FOLDING),
                config.get(Settings.PERMIT_UNCONVENTIONAL_HTTP_METHOD),
                config.get(Settings.PERMIT_UNCONVENTIONAL_HTTP_VERSION),
                config.get(Settings.CASEFOLD_HTTP_METHOD),
                ParserConfig.HeaderMap.valueOf(config.get(Settings.HEADER_MAP).toUpperCase(Locale.ROOT)));
        Duration timeout = Duration.ofSeconds(config.get(Settings.TIMEOUT));
        return new EngineSettings(parser,
                Duration.ofSeconds(config.get(Settings.KEEPALIVE)),
                Duration.ofSeconds(config.get(Settings.HEADER_TIMEOUT)),
                timeout,
                config.get(Settings.SERVER_HEADER),
                config.get(Settings.SENDFILE),
                8192,
                ProxySettings.of(config.get(Settings.FORWARDED_ALLOW_IPS), config.get(Settings.SECURE_SCHEME_HEADERS),
                        config.get(Settings.FORWARDER_HEADERS), config.get(Settings.ROOT_PATH),
                        ProxyProtocolMode.parse(config.get(Settings.PROXY_PROTOCOL)),
                        config.get(Settings.PROXY_ALLOW_IPS), ForwardedStyle.parse(config.get(Settings.FORWARDED_STYLE))));
    }

    /**
     * Returns a copy with other proxy settings.
     *
     * @param proxy the proxy settings
     * @return the copy
     */
    public EngineSettings withProxy(ProxySettings proxy) {
        return new EngineSettings(parser, keepAlive, headerTimeout, requestTimeout, serverHeader, sendfile, bufferSize, proxy);
    }

    /**
     * Returns a copy with another request timeout.
     *
     * @param timeout the new per-request timeout; zero for none
     * @return the copy
     */
    public EngineSettings withRequestTimeout(Duration timeout) {
        return new EngineSettings(parser, keepAlive, headerTimeout, timeout, serverHeader, sendfile, bufferSize, proxy);
    }
}
