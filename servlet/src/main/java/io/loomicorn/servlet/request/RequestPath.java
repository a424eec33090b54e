package io.loomicorn.servlet.request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The path of a request as a servlet sees it: {@code getRequestURI()} is the path as sent,
 * still encoded; servlets are mapped on the decoded, canonical path (Servlet 6.1 §3.5.2):
 * path parameters ({@code ;jsessionid=...}) removed from each segment, percent-escapes
 * decoded as UTF-8, and {@code .} and {@code ..} segments resolved.
 *
 * <p>Paths that could mean two things are refused (400), as Jetty and Tomcat refuse them:
 * an encoded {@code /} or {@code \}, an encoded or NUL control character, an encoded dot
 * segment ({@code %2e}), a {@code ..} that climbs above the root, and bytes that are not
 * UTF-8.
 *
 * @param rawPath     the path as sent, e.g. {@code /a%20b;x=1/c}
 * @param decodedPath the canonical decoded path, e.g. {@code /a b/c}
 */
public record RequestPath(String rawPath, String decodedPath) {

    /** Thrown for a path that cannot be canonicalised safely. */
    public static final class BadPathException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPathException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Splits a request target into its raw path.
     *
     * @param target the request target: origin form, or absolute form
     * @return the raw path, starting with {@code /}
     * @throws BadPathException if the target has no usable path
     */
    public static String rawPathOf(String target) throws BadPathException {
        String t = target;
        int q = t.indexOf('?');
        if (q >= 0) {
            t = t.substring(0, q);
        }
        if (t.startsWith("/")) {
            return t;
        }
        int scheme = t.indexOf("://");
        if (scheme > 0) {
            int slash = t.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : t.substring(slash);
        }
        throw new BadPathException("the request target has no path: " + target);
    }

    /**
     * Canonicalises a raw path.
     *
     * @param rawPath the path as sent
     * @return the path
     * @throws BadPathException if the path is ambiguous or malformed
     */
    public static RequestPath of(String rawPath) throws BadPathException {
        if (plain(rawPath)) {
            return new RequestPath(rawPath, rawPath);
        }
        Deque<String> segments = new ArrayDeque<>();
        int start = 1;
        boolean trailingSlash = false;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            String segment = rawPath.substring(start, end);
            int semi = segment.indexOf(';');
            if (semi >= 0) {
                segment = segment.substring(0, semi);
            }
            boolean last = end == rawPath.length();
            if (segment.equals(".")) {
                trailingSlash = last;
            } else if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new BadPathException("the path climbs above the root: " + rawPath);
                }
                segments.removeLast();
                trailingSlash = last;
            } else {
                String decoded = decode(segment, rawPath);
                if (decoded.equals(".") || decoded.equals("..")) {
                    throw new BadPathException("an encoded dot segment is ambiguous: " + rawPath);
                }
                if (last) {
                    if (!segment.isEmpty()) {
                        segments.addLast(decoded);
                    }
                    trailingSlash = segment.isEmpty();
                } else {
                    segments.addLast(decoded);
                }
            }
            start = end + 1;
        }
        StringBuilder sb = new StringBuilder(rawPath.length());
        for (String s : segments) {
            sb.append('/').append(s);
        }
        if (trailingSlash || sb.isEmpty()) {
            sb.append('/');
        }
        return new RequestPath(rawPath, sb.toString());
    }

    /** A path with nothing to decode or resolve: the common case, answered without copying. */
    private static boolean plain(String raw) {
        char prev = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == ';' || c < 0x20 || c >= 0x7f || c == '.' && prev == '/' || c == '/' && prev == '/') {
                return false;
            }
            prev = c;
        }
        return !raw.isEmpty() && raw.charAt(0) == '/';
    }

    private static String decode(String segment, String rawPath) throws BadPathException {
        if (segment.indexOf('%') < 0) {
            for (int i = 0; i < segment.length(); i++) {
                if (segment.charAt(i) < 0x20 || segment.charAt(i) == 0x7f) {
                    throw new BadPathException("a control character in the path: " + rawPath);
                }
            }
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new BadPathException("a truncated percent-escape in the path: " + rawPath);
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadPathException("an invalid percent-escape in the path: " + rawPath);
                }
                int b = hi << 4 | lo;
                if (b == '/' || b == '\\' || b < 0x20 || b == 0x7f) {
                    throw new BadPathException("an ambiguous encoded character in the path: " + rawPath);
                }
                bytes.write(b);
                i += 2;
            } else if (c > 0xff) {
                throw new BadPathException("a non-ASCII character in the path: " + rawPath);
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadPathException("the path is not UTF-8: " + rawPath);
        }
    }
}
