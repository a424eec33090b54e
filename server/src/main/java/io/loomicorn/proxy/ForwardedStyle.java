package io.loomicorn.proxy;

import java.util.Locale;

/** Which family of forwarded headers a trusted proxy's request is read with ({@code forwarded_style}). */
public enum ForwardedStyle {
    /**
     * {@code X-Forwarded-For}, {@code -Host}, {@code -Port}, and the scheme from
     * {@code secure_scheme_headers}; {@code Forwarded} is ignored. The default, as what nginx
     * and most proxies send.
     */
    X_FORWARDED("x-forwarded"),
    /** RFC 7239 {@code Forwarded} ({@code for}, {@code proto}, {@code host}) alone; the X- headers are ignored. */
    RFC7239("rfc7239"),
    /** Both; for each of client, scheme and host, {@code Forwarded} wins when it gives one. */
    BOTH("both");

    private final String text;

    ForwardedStyle(String text) {
        this.text = text;
    }

    /** Returns the setting's spelling, e.g. {@code x-forwarded}. */
    public String text() {
        return text;
    }

    /**
     * Reads the setting's value.
     *
     * @param text {@code x-forwarded}, {@code rfc7239} or {@code both}, any case
     * @return the style
     * @throws IllegalArgumentException for any other text
     */
    public static ForwardedStyle parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (ForwardedStyle s : values()) {
            if (s.text.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("expected x-forwarded, rfc7239 or both");
    }
}
