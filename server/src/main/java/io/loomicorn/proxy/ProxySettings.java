package io.loomicorn.proxy;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy settings of a worker, read once: who may set forwarded headers and PROXY
 * headers, which headers say what, and the mount point.
 *
 * <h2>What a request's values become</h2>
 * <table>
 *   <caption>Sources, by precedence (later rows win)</caption>
 *   <tr><th>value</th><th>the connection</th><th>a PROXY header (from {@code proxy_allow_ips})</th>
 *       <th>a trusted hop's headers</th></tr>
 *   <tr><td>remote address</td><td>the socket's peer</td><td>its source address and port</td>
 *       <td>{@code X-Forwarded-For} / {@code Forwarded: for=}</td></tr>
 *   <tr><td>scheme</td><td>{@code http}</td><td>{@code https} when its v2 SSL TLV says the
 *       client used TLS</td><td>{@code secure_scheme_headers} / {@code Forwarded: proto=}</td></tr>
 *   <tr><td>server name, port</td><td>Host, else the listener</td><td></td>
 *       <td>{@code X-Forwarded-Host}, {@code X-Forwarded-Port} / {@code Forwarded: host=}</td></tr>
 *   <tr><td>mount point</td><td>{@code root_path}</td><td></td><td>a {@code SCRIPT_NAME} header
 *       (when {@code forwarder_headers} lists it)</td></tr>
 * </table>
 *
 * <p>The hop's headers are read only when {@code forwarded_allow_ips} holds the socket's peer
 * (Unix-socket peers always count) and, after a PROXY header that names a client, that client
 * too: the PROXY sender only relays bytes, which its client wrote. Otherwise they are ignored,
 * silently, as in gunicorn. An {@code X-Forwarded-For} list is
 * walked from the right past the addresses that are themselves in {@code forwarded_allow_ips};
 * {@code Forwarded} elements likewise. With {@code forwarded_style = both}, {@code Forwarded}
 * wins for each value it gives.
 */
public final class ProxySettings {

    /** gunicorn's default {@code secure_scheme_headers}. */
    public static final Map<String, String> DEFAULT_SECURE_SCHEME_HEADERS = defaultSchemeHeaders();

    /** gunicorn's default {@code forwarded_allow_ips} and {@code proxy_allow_ips}. */
    public static final List<String> LOCALHOST = List.of("127.0.0.1", "::1");

    /** gunicorn's default {@code forwarder_headers}. */
    public static final List<String> DEFAULT_FORWARDER_HEADERS = List.of("SCRIPT_NAME", "PATH_INFO");

    private static final ProxySettings DEFAULTS = new ProxySettings(AddressMatcher.parse(LOCALHOST),
            DEFAULT_SECURE_SCHEME_HEADERS, DEFAULT_FORWARDER_HEADERS, "", ProxyProtocolMode.OFF,
            AddressMatcher.parse(LOCALHOST), ForwardedStyle.X_FORWARDED);

    private final AddressMatcher forwardedAllow;
    private final AddressMatcher proxyAllow;
    private final ProxyProtocolMode proxyProtocol;
    private final String[] schemeHeaderNames;
    private final String[] schemeHeaderValues;
    private final boolean scriptNameFromProxy;
    private final String rootPath;
    private final ForwardedStyle style;
    private final ForwardedResolver resolver;

    private ProxySettings(AddressMatcher forwardedAllow, Map<String, String> secureSchemeHeaders,
                          List<String> forwarderHeaders, String rootPath, ProxyProtocolMode proxyProtocol,
                          AddressMatcher proxyAllow, ForwardedStyle style) {
        this.forwardedAllow = forwardedAllow;
        this.proxyAllow = proxyAllow;
        this.proxyProtocol = proxyProtocol;
        this.schemeHeaderNames = secureSchemeHeaders.keySet().toArray(String[]::new);
        this.schemeHeaderValues = secureSchemeHeaders.values().toArray(String[]::new);
        boolean script = false;
        for (String name : forwarderHeaders) {
            script |= name.equals("*") || name.equalsIgnoreCase("SCRIPT_NAME");
        }
        this.scriptNameFromProxy = script;
        this.rootPath = checkRootPath(rootPath);
        this.style = style;
        this.resolver = new ForwardedResolver(this);
    }

    /** Returns gunicorn's defaults: loopback trusted, its three scheme headers, no PROXY protocol. */
    public static ProxySettings defaults() {
        return DEFAULTS;
    }

    /**
     * Creates the settings from the values of the settings of the same names.
     *
     * @param forwardedAllowIps   {@code forwarded_allow_ips}
     * @param secureSchemeHeaders {@code secure_scheme_headers}: header name to the value that means https
     * @param forwarderHeaders    {@code forwarder_headers}
     * @param rootPath            {@code root_path}
     * @param proxyProtocol       {@code proxy_protocol}
     * @param proxyAllowIps       {@code proxy_allow_ips}
     * @param style               {@code forwarded_style}
     * @return the settings
     * @throws IllegalArgumentException when a value is not allowed
     */
    public static ProxySettings of(List<String> forwardedAllowIps, Map<String, String> secureSchemeHeaders,
                                   List<String> forwarderHeaders, String rootPath, ProxyProtocolMode proxyProtocol,
                                   List<String> proxyAllowIps, ForwardedStyle style) {
        return new ProxySettings(AddressMatcher.parse(forwardedAllowIps), secureSchemeHeaders, forwarderHeaders,
                rootPath, proxyProtocol, AddressMatcher.parse(proxyAllowIps), style);
    }

    /**
     * Checks a {@code root_path} value: empty, or a path that starts with {@code /} and
     * does not end with one.
     *
     * @param rootPath the value
     * @return the value
     * @throws IllegalArgumentException when it is not one of these
     */
    public static String checkRootPath(String rootPath) {
        if (!rootPath.isEmpty() && (!rootPath.startsWith("/") || rootPath.endsWith("/"))) {
            throw new IllegalArgumentException("expected empty, or a path that starts with / and does not end"
                    + " with / (such as /app)");
        }
        return rootPath;
    }

    /**
     * Starts the proxy state of an accepted connection.
     *
     * @param peer the socket's peer
     * @return its state, to be kept with the connection
     */
    public ProxiedConnection connect(SocketAddress peer) {
        return new ProxiedConnection(this, peer);
    }

    /** Returns {@code forwarded_allow_ips}. */
    public AddressMatcher forwardedAllow() {
        return forwardedAllow;
    }

    /** Returns {@code proxy_allow_ips}. */
    public AddressMatcher proxyAllow() {
        return proxyAllow;
    }

    /** Returns {@code proxy_protocol}. */
    public ProxyProtocolMode proxyProtocol() {
        return proxyProtocol;
    }

    /** Returns {@code root_path}: the mount point when no trusted proxy names one. */
    public String rootPath() {
        return rootPath;
    }

    /** Returns {@code forwarded_style}. */
    public ForwardedStyle style() {
        return style;
    }

    String[] schemeHeaderNames() {
        return schemeHeaderNames;
    }

    String[] schemeHeaderValues() {
        return schemeHeaderValues;
    }

    boolean scriptNameFromProxy() {
        return scriptNameFromProxy;
    }

    ForwardedResolver resolver() {
        return resolver;
    }

    private static Map<String, String> defaultSchemeHeaders() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("X-FORWARDED-PROTOCOL", "ssl");
        m.put("X-FORWARDED-PROTO", "https");
        m.put("X-FORWARDED-SSL", "on");
        return Collections.unmodifiableMap(m);
    }

    /** Returns the settings, for debugging. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("forwarded_allow_ips=" + forwardedAllow);
        parts.add("proxy_protocol=" + proxyProtocol.name().toLowerCase(Locale.ROOT));
        parts.add("proxy_allow_ips=" + proxyAllow);
        parts.add("root_path=" + rootPath);
        parts.add("forwarded_style=" + style.text());
        return String.join(" ", parts);
    }
}
