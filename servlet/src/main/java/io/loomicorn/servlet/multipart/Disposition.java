package io.loomicorn.servlet.multipart;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads the parameters of a {@code Content-Disposition} part header (RFC 7578 §4.2, RFC 6266). */
final class Disposition {

    private Disposition() {
    }

    /** Returns the file name: {@code filename*} (RFC 5987) if present, else {@code filename}; null if neither. */
    static String fileName(String disposition) {
        String extended = param(disposition, "filename*");
        if (extended != null) {
            int quote = extended.indexOf("''");
            if (quote >= 0) {
                try {
                    return URLDecoder.decode(extended.substring(quote + 2).replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // fall back to filename
                }
            }
        }
        return param(disposition, "filename");
    }

    /** Returns a parameter's value, unquoted, or null. */
    static String param(String disposition, String name) {
        if (disposition == null) {
            return null;
        }
        int i = disposition.indexOf(';');
        while (i >= 0 && i < disposition.length()) {
            int j = i + 1;
            while (j < disposition.length() && disposition.charAt(j) == ' ') {
                j++;
            }
            int eq = disposition.indexOf('=', j);
            if (eq < 0) {
                return null;
            }
            String key = disposition.substring(j, eq).strip().toLowerCase(Locale.ROOT);
            int v = eq + 1;
            String value;
            int next;
            if (v < disposition.length() && disposition.charAt(v) == '"') {
                StringBuilder sb = new StringBuilder();
                int k = v + 1;
                while (k < disposition.length() && disposition.charAt(k) != '"') {
                    char c = disposition.charAt(k);
                    if (c == '\\' && k + 1 < disposition.length()) {
                        char n = disposition.charAt(k + 1);
                        // Browsers do not escape backslashes in Windows paths; keep a backslash unless it escapes a quote.
                        if (n == '"' || n == '\\') {
                            sb.append(n);
                            k += 2;
                            continue;
                        }
                    }
                    sb.append(c);
                    k++;
                }
                value = sb.toString();
                next = disposition.indexOf(';', k);
            } else {
                next = disposition.indexOf(';', v);
                value = (next < 0 ? disposition.substring(v) : disposition.substring(v, next)).strip();
            }
            if (key.equals(name)) {
                return value;
            }
            i = next;
        }
        return null;
    }
}
