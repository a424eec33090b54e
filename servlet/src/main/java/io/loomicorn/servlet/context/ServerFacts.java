package io.loomicorn.servlet.context;

import io.loomicorn.app.SettingsView;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the servlet container takes from the server's settings and the adapter context.
 *
 * @param classLoader the application's class loader
 * @param classpath   the application's own class path entries
 * @param log         the server's error log
 * @param contextPath the mount point from {@code root_path}, or empty
 * @param bodyLimit   {@code limit_request_body}; 0 means unlimited
 * @param workers     {@code workers}
 * @param maxRequests {@code max_requests}
 */
public record ServerFacts(ClassLoader classLoader, List<Path> classpath, System.Logger log, String contextPath,
                          long bodyLimit, int workers, long maxRequests) {

    /**
     * Reads the facts from the settings, tolerating settings this server version lacks.
     *
     * @param loader    the application's class loader
     * @param classpath the application's class path entries
     * @param log       the error log
     * @param settings  the resolved settings
     * @return the facts
     */
    public static ServerFacts from(ClassLoader loader, List<Path> classpath, System.Logger log, SettingsView settings) {
        String root = "";
        if (settings.names().contains("root_path") && settings.value("root_path") instanceof Object v) {
            Object raw = v instanceof Optional<?> o ? o.map(Object::toString).orElse("") : v;
            root = raw.toString();
            if (root.endsWith("/")) {
                root = root.substring(0, root.length() - 1);
            }
        }
        return new ServerFacts(loader, List.copyOf(classpath), log, root,
                number(settings, "limit_request_body", 0), (int) number(settings, "workers", 1),
                number(settings, "max_requests", 0));
    }

    private static long number(SettingsView settings, String name, long fallback) {
        if (!settings.names().contains(name)) {
            return fallback;
        }
        return settings.value(name) instanceof Number n ? n.longValue() : fallback;
    }
}
