package io.loomicorn.servlet.request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request parameters: {@code application/x-www-form-urlencoded} pairs from the query
 * string and the body, in order, query first (Servlet 6.1 §3.1).
 */
public final class Parameters {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    /** Creates an empty set. */
    public Parameters() {
    }

    /**
     * Adds the pairs of an urlencoded string.
     *
     * @param encoded the string, e.g. {@code a=1&b=x+y}
     * @param charset how percent-escaped bytes decode
     * @throws IllegalArgumentException if a percent-escape is malformed
     */
    public void addEncoded(String encoded, Charset charset) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        int start = 0;
        while (start <= encoded.length()) {
            int amp = encoded.indexOf('&', start);
            if (amp < 0) {
                amp = encoded.length();
            }
            if (amp > start) {
                int eq = encoded.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > amp) {
                    name = decode(encoded, start, amp, charset);
                    value = "";
                } else {
                    name = decode(encoded, start, eq, charset);
                    value = decode(encoded, eq + 1, amp, charset);
                }
                add(name, value);
            }
            start = amp + 1;
        }
    }

    /** Adds one value. */
    public void add(String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    /** Adds every value of another set, after the values already here. */
    public void addAll(Parameters other) {
        other.values.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>(v.size())).addAll(v));
    }

    /** Returns the first value, or null. */
    public String first(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.getFirst();
    }

    /** Returns every value, or null. */
    public String[] all(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.toArray(String[]::new);
    }

    /** Returns the names, in order of first appearance. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** Returns an unmodifiable map of name to values, as {@code getParameterMap()}. */
    public Map<String, String[]> asMap() {
        Map<String, String[]> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.toArray(String[]::new)));
        return Collections.unmodifiableMap(m);
    }

    private static String decode(String s, int from, int to, Charset charset) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= to) {
                    throw new IllegalArgumentException("truncated percent-escape in parameter: " + s.substring(from, to));
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent-escape in parameter: " + s.substring(from, to));
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(charset);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(charset);
    }
}
