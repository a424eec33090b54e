package io.loomicorn.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A response read off the wire by {@link HttpTestClient}, exactly as sent.
 *
 * @param version the status line's version
 * @param status  the status code
 * @param reason  the reason phrase
 * @param headers the fields in order, as [name, value]
 * @param body    the body, de-chunked
 * @param trailers trailer fields of a chunked body
 */
public record HttpResponse(String version, int status, String reason, List<String[]> headers, byte[] body,
                           List<String[]> trailers) {

    /** Returns the first value of a field, or null. */
    public String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** Returns every value of a field. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    /** Returns the body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(version + " " + status + " " + reason + "\n");
        for (String[] h : headers) {
            sb.append(h[0]).append(": ").append(h[1]).append('\n');
        }
        String text = text();
        return sb.append('\n').append(text.length() > 500 ? text.substring(0, 500) + "..." : text).toString();
    }
}
