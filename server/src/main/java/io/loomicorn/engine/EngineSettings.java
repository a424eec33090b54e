package io.loomicorn.engine;

import io.loomicorn.http.parser.ParserConfig;

import java.time.Duration;

/**
 * The settings the HTTP engine reads, gathered once per worker process.
 *
 * @param parser         parser limits and leniencies
 * @param keepAlive      how long an idle persistent connection waits for its next request
 *                       ({@code keepalive}); zero closes after each response
 * @param headerTimeout  how long a request head may take once its first byte arrived, and
 *                       how long a new connection may stay silent ({@code header_timeout})
 * @param requestTimeout the per-request timeout enforced by the engine, or zero when the
 *                       master's heartbeat enforces it instead ({@code sync})
 * @param serverHeader   the {@code Server} field, or empty for none
 * @param sendfile       whether files go through {@code FileChannel.transferTo}
 * @param bufferSize     the size of read buffers and of the response body buffer
 */
public record EngineSettings(ParserConfig parser, Duration keepAlive, Duration headerTimeout,
                             Duration requestTimeout, String serverHeader, boolean sendfile, int bufferSize) {

    /** Returns the settings used when nothing is configured: gunicorn's defaults. */
    public static EngineSettings defaults() {
        return new EngineSettings(ParserConfig.defaults(), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ZERO, "loomicorn", true, 8192);
    }

    /**
     * Returns a copy with another request timeout.
     *
     * @param timeout the new per-request timeout; zero for none
     * @return the copy
     */
    public EngineSettings withRequestTimeout(Duration timeout) {
        return new EngineSettings(parser, keepAlive, headerTimeout, timeout, serverHeader, sendfile, bufferSize);
    }
}
