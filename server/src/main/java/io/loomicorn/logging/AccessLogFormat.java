package io.loomicorn.logging;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code access_log_format}, parsed once into atoms and literal text.
 *
 * <p>The syntax is Python's {@code %}-formatting with a mapping, as gunicorn uses it:
 * {@code %(name)s} inserts an atom (see {@link AccessLogAtoms}), {@code %%} is a percent
 * sign. The conversion may be {@code s}, {@code r}, {@code a}, {@code d} or {@code i}, all
 * of which print the atom's text, with an optional width and the {@code -} (left-align)
 * and {@code 0} (zero-pad) flags: {@code %(s)5d}. Python refuses a malformed
 * {@code %} sequence at the first request (gunicorn then logs a traceback for every
 * request); here such a sequence is kept as literal text, so a typo shows in the log
 * instead of silencing it.
 */
public final class AccessLogFormat {

    /** gunicorn's default format, which is also Loomicorn's. */
    public static final String DEFAULT = "%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"";

    private record Literal(String text) implements AccessLogAtoms.Atom {
        @Override
        public void append(Exchange x, StringBuilder out) {
            out.append(text);
        }
    }

    private record Padded(AccessLogAtoms.Atom atom, int width, boolean left, boolean zero) implements AccessLogAtoms.Atom {
        @Override
        public void append(Exchange x, StringBuilder out) {
            int start = out.length();
            atom.append(x, out);
            int pad = width - (out.length() - start);
            if (pad <= 0) {
                return;
            }
            if (left) {
                out.repeat(' ', pad);
            } else {
                out.insert(start, (zero ? "0" : " ").repeat(pad));
            }
        }
    }

    private final String source;
    private final AccessLogAtoms.Atom[] parts;
    private final int sizeHint;

    private AccessLogFormat(String source, List<AccessLogAtoms.Atom> parts) {
        this.source = source;
        this.parts = parts.toArray(AccessLogAtoms.Atom[]::new);
        this.sizeHint = Math.max(64, source.length() * 3);
    }

    /**
     * Parses a format.
     *
     * @param format e.g. {@link #DEFAULT}
     * @return the parsed format
     */
    public static AccessLogFormat parse(String format) {
        List<AccessLogAtoms.Atom> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && format.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            int end = atomEnd(format, i);
            if (end < 0) {
                literal.append(c);
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(atom(format.substring(i, end)));
            i = end;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new AccessLogFormat(format, parts);
    }

    /**
     * Finds the end of {@code %(key)[flags][width]conversion} at {@code start}.
     *
     * @return the index after the conversion character, or -1 if this is not such a sequence
     */
    private static int atomEnd(String format, int start) {
        int n = format.length();
        int i = start + 1;
        if (i >= n || format.charAt(i) != '(') {
            return -1;
        }
        // Python matches parentheses inside the key.
        int depth = 1;
        i++;
        while (i < n && depth > 0) {
            char c = format.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            i++;
        }
        if (depth != 0) {
            return -1;
        }
        while (i < n && "-0+ #".indexOf(format.charAt(i)) >= 0) {
            i++;
        }
        while (i < n && Character.isDigit(format.charAt(i))) {
            i++;
        }
        if (i < n && "sradi".indexOf(format.charAt(i)) >= 0) {
            return i + 1;
        }
        return -1;
    }

    private static AccessLogAtoms.Atom atom(String spec) {
        int close = spec.lastIndexOf(')');
        String key = spec.substring(2, close);
        String flagsAndWidth = spec.substring(close + 1, spec.length() - 1);
        AccessLogAtoms.Atom atom = AccessLogAtoms.forKey(key);
        int w = 0;
        while (w < flagsAndWidth.length() && !Character.isDigit(flagsAndWidth.charAt(w))) {
            w++;
        }
        // A leading 0 is a flag, not part of the width.
        String flags = flagsAndWidth.substring(0, w);
        String digits = flagsAndWidth.substring(w);
        while (digits.startsWith("0")) {
            flags += "0";
            digits = digits.substring(1);
        }
        if (digits.isEmpty()) {
            return atom;
        }
        // A width beyond any sensible line is capped rather than allowed to fail every request.
        int width = digits.length() > 4 ? 9999 : Integer.parseInt(digits);
        return new Padded(atom, width, flags.contains("-"), flags.contains("0"));
    }

    /**
     * Renders one line, without a line end.
     *
     * @param x the exchange
     * @return the line
     */
    String render(Exchange x) {
        StringBuilder out = new StringBuilder(sizeHint);
        for (AccessLogAtoms.Atom part : parts) {
            part.append(x, out);
        }
        return out.toString();
    }

    /** Returns the format as configured. */
    @Override
    public String toString() {
        return source;
    }
}
