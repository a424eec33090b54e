package io.loomicorn.servlet.response;

import jakarta.servlet.http.Cookie;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Formats a {@link Cookie} as a {@code Set-Cookie} value (RFC 6265 §4.1), attributes in the
 * order Jetty writes them: Path, Domain, Expires and Max-Age, Secure, HttpOnly, SameSite,
 * then any other attribute.
 */
final class SetCookie {

    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private SetCookie() {
    }

    static String format(Cookie c) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(c.getName()).append('=').append(c.getValue() == null ? "" : c.getValue());
        append(sb, "Path", c.getPath());
        append(sb, "Domain", c.getDomain());
        int maxAge = c.getMaxAge();
        if (maxAge >= 0) {
            Instant expires = maxAge == 0 ? Instant.EPOCH : Instant.now().plusSeconds(maxAge);
            sb.append("; Expires=").append(EXPIRES.format(expires));
            if (maxAge > 0) {
                // Jetty leaves Max-Age=0 out; the past Expires already deletes the cookie.
                sb.append("; Max-Age=").append(maxAge);
            }
        }
        if (c.getSecure()) {
            sb.append("; Secure");
        }
        if (c.isHttpOnly()) {
            sb.append("; HttpOnly");
        }
        Map<String, String> attrs = c.getAttributes();
        String sameSite = attrs.get("SameSite");
        append(sb, "SameSite", sameSite);
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            String k = e.getKey();
            if (k.equalsIgnoreCase("Path") || k.equalsIgnoreCase("Domain") || k.equalsIgnoreCase("Max-Age")
                    || k.equalsIgnoreCase("Secure") || k.equalsIgnoreCase("HttpOnly") || k.equalsIgnoreCase("SameSite")
                    || k.equalsIgnoreCase("Expires") || k.equalsIgnoreCase("Comment")) {
                continue;
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                sb.append("; ").append(k);
            } else {
                sb.append("; ").append(k).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, String value) {
        if (value != null && !value.isEmpty()) {
            sb.append("; ").append(name).append('=').append(value);
        }
    }
}
