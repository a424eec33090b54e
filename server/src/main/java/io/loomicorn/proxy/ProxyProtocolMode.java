package io.loomicorn.proxy;

import java.util.Locale;

/** Which PROXY protocol headers a connection may start with ({@code proxy_protocol}). */
public enum ProxyProtocolMode {
    /** None: the first bytes are the request's. */
    OFF,
    /** The text header of version 1. */
    V1,
    /** The binary header of version 2. */
    V2,
    /** Either version, told apart by its first bytes. */
    AUTO;

    /**
     * Reads the setting's value: {@code off}, {@code v1}, {@code v2} or {@code auto}, and
     * {@code true} (auto) or {@code false} (off) as gunicorn before 24.1 took them.
     *
     * @param text the value, any case
     * @return the mode
     * @throws IllegalArgumentException for any other text
     */
    public static ProxyProtocolMode parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "off", "false" -> OFF;
            case "v1" -> V1;
            case "v2" -> V2;
            case "auto", "true" -> AUTO;
            default -> throw new IllegalArgumentException("expected off, v1, v2 or auto");
        };
    }
}
