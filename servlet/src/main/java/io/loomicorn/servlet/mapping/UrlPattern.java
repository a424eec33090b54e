package io.loomicorn.servlet.mapping;

/**
 * The four kinds of URL pattern (Servlet 6.1 §12.2) and the matching rules that servlets
 * and filters share.
 */
public final class UrlPattern {

    private UrlPattern() {
    }

    /**
     * Checks that a pattern is one of: {@code ""} (the context root), {@code "/"} (the
     * default servlet), {@code "/path/*"} or {@code "/*"} (path prefix), {@code "*.ext"}
     * (extension), or an exact path starting with {@code /}.
     *
     * @param pattern the pattern
     * @throws IllegalArgumentException if it is none of them
     */
    public static void check(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("a URL pattern must not be null");
        }
        if (pattern.isEmpty() || pattern.equals("/")) {
            return;
        }
        if (pattern.startsWith("*.")) {
            if (pattern.length() == 2 || pattern.indexOf('/') >= 0 || pattern.indexOf('*', 1) >= 0) {
                throw new IllegalArgumentException("invalid extension pattern: " + pattern);
            }
            return;
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a URL pattern must start with '/' or '*.': " + pattern);
        }
        int star = pattern.indexOf('*');
        if (star >= 0 && (star != pattern.length() - 1 || !pattern.endsWith("/*"))) {
            throw new IllegalArgumentException("'*' may only end a path pattern as '/*': " + pattern);
        }
    }

    /**
     * Tells whether a filter's URL pattern applies to a path within the application.
     * {@code "/"} and {@code "/*"} apply to every path, {@code ""} only to {@code "/"}.
     *
     * @param pattern a valid pattern
     * @param path    the decoded path within the application, starting with {@code /}
     * @return whether it matches
     */
    public static boolean matches(String pattern, String path) {
        if (pattern.equals("/*") || pattern.equals("/")) {
            return true;
        }
        if (pattern.isEmpty()) {
            return path.equals("/");
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/';
        }
        if (pattern.startsWith("*.")) {
            String ext = extension(path);
            return ext != null && ext.equals(pattern.substring(2));
        }
        return pattern.equals(path);
    }

    /** Returns the extension of the last segment of {@code path} (after its last dot), or null. */
    static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash && dot < path.length() - 1 ? path.substring(dot + 1) : null;
    }
}
