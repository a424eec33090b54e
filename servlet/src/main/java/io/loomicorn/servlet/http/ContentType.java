package io.loomicorn.servlet.http;

import java.util.Locale;

/** Reads the parts of a {@code Content-Type} value: the media type and its {@code charset}. */
public final class ContentType {

    private ContentType() {
    }

    /**
     * Returns the media type without parameters, e.g. {@code text/html}.
     *
     * @param value a Content-Type value
     * @return the media type, trimmed
     */
    public static String mediaType(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).strip();
    }

    /**
     * Returns the {@code charset} parameter, unquoted, or null.
     *
     * @param value a Content-Type value, or null
     * @return the charset name, or null
     */
    public static String charset(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        while (semi >= 0) {
            int next = value.indexOf(';', semi + 1);
            String param = (next < 0 ? value.substring(semi + 1) : value.substring(semi + 1, next)).strip();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("charset")) {
                String cs = param.substring(eq + 1).strip();
                if (cs.length() >= 2 && cs.startsWith("\"") && cs.endsWith("\"")) {
                    cs = cs.substring(1, cs.length() - 1);
                }
                return cs.isEmpty() ? null : cs;
            }
            semi = next;
        }
        return null;
    }

    /**
     * Returns the value without its {@code charset} parameter.
     *
     * @param value a Content-Type value
     * @return the value less charset, e.g. {@code text/html} or {@code multipart/form-data; boundary=x}
     */
    public static String withoutCharset(String value) {
        StringBuilder sb = new StringBuilder();
        for (String part : value.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
