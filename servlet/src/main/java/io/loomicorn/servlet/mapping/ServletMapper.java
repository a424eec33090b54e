package io.loomicorn.servlet.mapping;

import jakarta.servlet.http.MappingMatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a path within the application to a servlet by the rules of Servlet 6.1 §12.1, in
 * order: the context root ({@code ""}), an exact match, the longest path prefix
 * ({@code /a/b/*}), an extension ({@code *.ext}), and the default servlet ({@code /}).
 * Immutable; built once the application has started.
 *
 * @param <T> the servlet holder type
 */
public final class ServletMapper<T> {

    private record Entry<T>(T target, String name, String pattern) {
    }

    private final Map<String, Entry<T>> exact = new HashMap<>();
    private final List<Entry<T>> prefixes = new ArrayList<>();
    private final Map<String, Entry<T>> extensions = new HashMap<>();
    private Entry<T> contextRoot;
    private Entry<T> fallback;

    /**
     * Adds a servlet's pattern.
     *
     * @param pattern a valid URL pattern
     * @param target  the servlet's holder
     * @param name    the servlet's name
     */
    public void add(String pattern, T target, String name) {
        Entry<T> e = new Entry<>(target, name, pattern);
        if (pattern.isEmpty()) {
            contextRoot = e;
        } else if (pattern.equals("/")) {
            fallback = e;
        } else if (pattern.endsWith("/*")) {
            prefixes.add(e);
            prefixes.sort(Comparator.comparingInt((Entry<T> x) -> x.pattern().length()).reversed());
        } else if (pattern.startsWith("*.")) {
            extensions.put(pattern.substring(2), e);
        } else {
            exact.put(pattern, e);
        }
    }

    /** Tells whether a default servlet ({@code "/"}) is mapped. */
    public boolean hasDefault() {
        return fallback != null;
    }

    /**
     * Finds the servlet for a path.
     *
     * @param path the decoded, normalised path within the application, starting with {@code /}
     * @return the match, or null when nothing matches (no default servlet)
     */
    public ServletMatch<T> match(String path) {
        if (path.equals("/") && contextRoot != null) {
            return of(contextRoot, "", "/", "", MappingMatch.CONTEXT_ROOT);
        }
        Entry<T> e = exact.get(path);
        if (e != null) {
            return of(e, path, null, path.substring(1), MappingMatch.EXACT);
        }
        for (Entry<T> p : prefixes) {
            String prefix = p.pattern().substring(0, p.pattern().length() - 2);
            if (path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/') {
                String info = path.length() == prefix.length() ? null : path.substring(prefix.length());
                return of(p, prefix, info, info == null ? "" : info.substring(1), MappingMatch.PATH);
            }
        }
        String ext = UrlPattern.extension(path);
        if (ext != null) {
            e = extensions.get(ext);
            if (e != null) {
                return of(e, path, null, path.substring(1, path.length() - ext.length() - 1), MappingMatch.EXTENSION);
            }
        }
        if (fallback != null) {
            return of(fallback, path, null, "", MappingMatch.DEFAULT);
        }
        return null;
    }

    private ServletMatch<T> of(Entry<T> e, String servletPath, String pathInfo, String value, MappingMatch kind) {
        return new ServletMatch<>(e.target(), servletPath, pathInfo,
                new ServletMatch.Mapping(value, e.pattern(), e.name(), kind));
    }
}
