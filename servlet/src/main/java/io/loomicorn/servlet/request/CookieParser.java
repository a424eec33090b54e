package io.loomicorn.servlet.request;

import jakarta.servlet.http.Cookie;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code Cookie} request headers (RFC 6265 §4.2): {@code name=value} pairs separated
 * by {@code ;}, values optionally in double quotes. Pairs with an invalid name are skipped,
 * as browsers send what other sites set.
 */
public final class CookieParser {

    private CookieParser() {
    }

    /**
     * Parses every pair of the given header values.
     *
     * @param headers the values of each {@code Cookie} field
     * @return the cookies, in order
     */
    public static List<Cookie> parse(List<String> headers) {
        List<Cookie> cookies = new ArrayList<>();
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (name.isEmpty() || name.startsWith("$")) {
                    continue;
                }
                try {
                    cookies.add(new Cookie(name, value));
                } catch (IllegalArgumentException e) {
                    // not a token: skip the pair
                }
            }
        }
        return cookies;
    }
}
