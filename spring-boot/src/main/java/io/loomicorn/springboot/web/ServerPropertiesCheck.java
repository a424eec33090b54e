package io.loomicorn.springboot.web;

import io.loomicorn.app.SettingsView;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.Environment;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What Boot's {@code server.*} properties mean under Loomicorn, whose settings always win:
 * <ul>
 *   <li>{@code server.port}, {@code server.address}: Loomicorn's {@code bind} decides; a value
 *       that names no listener Loomicorn has is refused;</li>
 *   <li>{@code server.servlet.context-path}: Loomicorn's {@code root_path} decides; another
 *       value is refused;</li>
 *   <li>{@code server.server-header}: Loomicorn's {@code server_header} decides; another value
 *       is refused;</li>
 *   <li>TLS ({@code server.ssl}), HTTP/2, compression, persistent sessions, a locale-to-charset
 *       mapping, {@code CookieSameSiteSupplier}s: refused when asked for, since Loomicorn does
 *       them its own way or not at all;</li>
 *   <li>the other {@code server.*} properties that Boot hands to its embedded servers only
 *       ({@code server.tomcat.*}, {@code server.jetty.*}, header size, ...): one warning line
 *       names them, since nothing reads them.</li>
 * </ul>
 * Each refusal is one line; they stop the start.
 */
final class ServerPropertiesCheck {

    /** Properties something reads under Loomicorn: checked here, applied by the factory, or Boot's own. */
    private static final List<String> USED = List.of("server.port", "server.address", "server.servlet.context-path",
            "server.ssl", "server.http2", "server.compression", "server.server-header", "server.servlet.session",
            "server.servlet.context-parameters", "server.error", "server.servlet.encoding",
            "server.forward-headers-strategy");

    private final LoomicornServletWebServerFactory factory;
    private final SettingsView settings;
    private final Environment environment;

    ServerPropertiesCheck(LoomicornServletWebServerFactory factory, SettingsView settings, Environment environment) {
        this.factory = factory;
        this.settings = settings;
        this.environment = environment;
    }

    /** Returns one line per property that contradicts Loomicorn's settings or asks for what it does not do. */
    List<String> refusals() {
        List<String> refused = new ArrayList<>();
        ListenAddresses listeners = ListenAddresses.parse(bind());
        Integer port = factory.explicitPort();
        if (port != null && port != 0 && !listeners.hasPort(port)) {
            refused.add("server.port=" + port + " is not where Loomicorn listens (bind: " + listeners
                    + "): Loomicorn owns the sockets; bind to that port or drop server.port");
        }
        InetAddress address = factory.explicitAddress();
        if (address != null && !listeners.hasAddress(address)) {
            refused.add("server.address=" + address.getHostAddress() + " is not where Loomicorn listens (bind: "
                    + listeners + "): Loomicorn owns the sockets; bind to that address or drop server.address");
        }
        String bootPath = normalise(factory.getContextPath());
        String rootPath = normalise(rootPath());
        if (!bootPath.isEmpty() && !bootPath.equals(rootPath)) {
            refused.add("server.servlet.context-path=" + bootPath + " is not Loomicorn's root_path ("
                    + (rootPath.isEmpty() ? "empty" : rootPath) + "): set root_path = " + bootPath
                    + " or drop server.servlet.context-path");
        }
        if (Ssl.isEnabled(factory.getSsl())) {
            refused.add("server.ssl is enabled: Loomicorn terminates TLS itself (certfile, keyfile) or leaves it to a proxy");
        }
        if (factory.getHttp2() != null && factory.getHttp2().isEnabled()) {
            refused.add("server.http2.enabled=true: Loomicorn speaks HTTP/1.1 (a proxy in front can speak HTTP/2)");
        }
        if (factory.getCompression() != null && factory.getCompression().getEnabled()) {
            refused.add("server.compression.enabled=true: Loomicorn does not compress responses (a proxy in front can)");
        }
        String serverHeader = factory.getServerHeader();
        String loomicornHeader = text("server_header", "loomicorn");
        if (serverHeader != null && !serverHeader.equals(loomicornHeader)) {
            refused.add("server.server-header=" + serverHeader + " is not Loomicorn's server_header (" + loomicornHeader
                    + "): set server_header = " + serverHeader + " or drop server.server-header");
        }
        if (factory.getSettings().getSession() != null && factory.getSettings().getSession().isPersistent()) {
            refused.add("server.servlet.session.persistent=true: with several workers keep sessions in Spring Session "
                    + "instead (docs/spring.md)");
        }
        if (!factory.getSettings().getLocaleCharsetMappings().isEmpty()) {
            refused.add("server.servlet.encoding.mapping is not applied by Loomicorn's container (it has no locale "
                    + "to charset mapping): set the charset in the Content-Type instead");
        }
        if (!factory.getSettings().getCookieSameSiteSuppliers().isEmpty()) {
            refused.add("CookieSameSiteSupplier beans are not applied by Loomicorn's container; set "
                    + "server.servlet.session.cookie.same-site or the cookies' own attributes");
        }
        return refused;
    }

    /** One warning line naming the {@code server.*} properties that nothing reads under Loomicorn. */
    Optional<String> unusedProperties() {
        if (environment == null) {
            return Optional.empty();
        }
        TreeSet<String> unused = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().map(ConfigurationPropertyName::toString)
                        .filter(n -> n.startsWith("server.") && !isUsed(n))
                        .forEach(unused::add);
            }
        }
        if (unused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Not used by Loomicorn (they configure Boot's embedded servers; Loomicorn's settings "
                + "apply, docs/spring.md): " + String.join(", ", unused));
    }

    /**
     * Whether something reads this name; compared without dashes, since the environment spells
     * {@code server.servlet.context-path} as {@code SERVER_SERVLET_CONTEXTPATH}.
     */
    private static boolean isUsed(String name) {
        String n = name.replace("-", "");
        return USED.stream().map(u -> u.replace("-", "")).anyMatch(u -> n.equals(u) || n.startsWith(u + "."));
    }

    @SuppressWarnings("unchecked")
    private List<String> bind() {
        return settings.names().contains("bind") ? (List<String>) settings.value("bind") : List.of();
    }

    private String rootPath() {
        return text("root_path", "");
    }

    private String text(String name, String fallback) {
        if (!settings.names().contains(name)) {
            return fallback;
        }
        Object v = settings.value(name);
        return v instanceof Optional<?> o ? o.map(Object::toString).orElse("") : v.toString();
    }

    /** {@code ""}, {@code "/"} and null are the root; a trailing slash is dropped. */
    private static String normalise(String path) {
        if (path == null) {
            return "";
        }
        String p = path.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
