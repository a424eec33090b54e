package io.loomicorn.proxy;

import io.loomicorn.http.Headers;
import io.loomicorn.http.parser.RequestHead;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * Reads what a trusted proxy's headers say about a request (see {@link ProxySettings} for
 * the rules). Lookups compare names against the parsed header bytes and allocate nothing
 * when a header is absent, so a request without forwarded headers costs a handful of
 * failed lookups and no object.
 */
final class ForwardedResolver {

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    private static final String X_FORWARDED_PORT = "X-Forwarded-Port";
    private static final String FORWARDED = "Forwarded";
    private static final String SCRIPT_NAME = "SCRIPT_NAME";

    private final ProxySettings settings;
    private final boolean xForwarded;
    private final boolean rfc7239;
    /** The lengths of every name looked up, as {@link RequestHead#fieldNameLengths()} sums them up. */
    private final long nameLengths;

    ForwardedResolver(ProxySettings settings) {
        this.settings = settings;
        this.xForwarded = settings.style() != ForwardedStyle.RFC7239;
        this.rfc7239 = settings.style() != ForwardedStyle.X_FORWARDED;
        long lengths = 0;
        if (xForwarded) {
            for (String name : settings.schemeHeaderNames()) {
                lengths |= 1L << name.length();
            }
            lengths |= 1L << X_FORWARDED_FOR.length() | 1L << X_FORWARDED_HOST.length() | 1L << X_FORWARDED_PORT.length();
        }
        if (rfc7239) {
            lengths |= 1L << FORWARDED.length();
        }
        if (settings.scriptNameFromProxy()) {
            lengths |= 1L << SCRIPT_NAME.length();
        }
        this.nameLengths = lengths;
    }

    /**
     * Resolves one request of a trusted hop.
     *
     * @param head the request's head: its fields, and those the parser kept aside for an
     *             underscore in their names ({@code header_map = drop})
     * @return what the headers said, or {@link Forwarded#NONE}
     * @throws ForwardedRequestException 400 for contradictory scheme headers or a malformed
     *                                   {@code Forwarded} field
     */
    Forwarded resolve(RequestHead head) {
        Headers underscoreFields = head.underscoreFields();
        if ((head.fieldNameLengths() & nameLengths) == 0 && underscoreFields.isEmpty()) {
            return Forwarded.NONE; // no field has the length of a name looked up: none is there
        }
        Headers headers = head.headers();
        String scheme = null;
        InetSocketAddress client = null;
        String host = null;
        int port = -1;
        if (xForwarded) {
            scheme = secureScheme(headers);
            if (headers.contains(X_FORWARDED_FOR)) {
                client = client(ForwardedValues.listElements(headers.all(X_FORWARDED_FOR)));
            }
            String forwardedHost = headers.first(X_FORWARDED_HOST);
            if (forwardedHost != null) {
                String[] hp = ForwardedValues.hostAndPort(ForwardedValues.firstElement(forwardedHost));
                if (hp != null) {
                    host = hp[0];
                    port = hp[1].isEmpty() ? -1 : ProxyProtocolDecoder.port(hp[1]);
                }
            }
            String forwardedPort = headers.first(X_FORWARDED_PORT);
            if (forwardedPort != null) {
                int p = ProxyProtocolDecoder.port(ForwardedValues.firstElement(forwardedPort));
                if (p > 0) {
                    port = p;
                }
            }
        }
        if (rfc7239 && headers.contains(FORWARDED)) {
            List<ForwardedValues.Element> elements = ForwardedValues.forwardedElements(headers.all(FORWARDED));
            if (elements == null) {
                throw new ForwardedRequestException(400, "Invalid Forwarded header (RFC 7239) from a trusted proxy",
                        "Invalid Forwarded header");
            }
            if (!elements.isEmpty()) {
                ForwardedValues.Element e = elements.get(clientIndex(elements));
                if (e.forNode() != null) {
                    InetSocketAddress node = ForwardedValues.node(e.forNode());
                    if (node != null) {
                        client = node;
                    }
                }
                if (e.proto() != null) {
                    String proto = e.proto().toLowerCase(Locale.ROOT);
                    if (proto.equals("https") || proto.equals("http")) {
                        scheme = proto;
                    }
                }
                if (e.host() != null) {
                    String[] hp = ForwardedValues.hostAndPort(e.host());
                    if (hp != null) {
                        host = hp[0];
                        port = hp[1].isEmpty() ? -1 : ProxyProtocolDecoder.port(hp[1]);
                    }
                }
            }
        }
        String scriptName = settings.scriptNameFromProxy() ? scriptName(headers, underscoreFields) : null;
        if (scheme == null && client == null && host == null && port < 0 && scriptName == null) {
            return Forwarded.NONE;
        }
        return new Forwarded(scheme, client, host, port, scriptName);
    }

    /**
     * gunicorn's rule: each configured header present (each of its field lines) says
     * {@code https} when its value equals the configured value exactly, else {@code http};
     * two that disagree are a 400.
     */
    private String secureScheme(Headers headers) {
        String[] names = settings.schemeHeaderNames();
        String[] values = settings.schemeHeaderValues();
        String scheme = null;
        String firstName = null;
        for (int k = 0; k < names.length; k++) {
            if (!headers.contains(names[k])) {
                continue;
            }
            for (String value : headers.all(names[k])) {
                String said = value.equals(values[k]) ? "https" : "http";
                if (scheme == null) {
                    scheme = said;
                    firstName = names[k];
                } else if (!scheme.equals(said)) {
                    throw new ForwardedRequestException(400, "Contradictory scheme headers from a trusted proxy: "
                            + firstName + " says " + scheme + ", " + names[k] + " says " + said,
                            "Contradictory scheme headers");
                }
            }
        }
        return scheme;
    }

    /**
     * The client of an {@code X-Forwarded-For} list: walking from the nearest hop (the
     * right), past the entries that are trusted proxies themselves ({@code forwarded_allow_ips}),
     * the first other entry; the leftmost when all are trusted. An entry that is not an
     * address stops the walk and leaves the client unknown (the hop's address stands).
     */
    private InetSocketAddress client(List<String> nodes) {
        if (nodes.isEmpty()) {
            return null;
        }
        int i = nodes.size() - 1;
        InetSocketAddress node = ForwardedValues.node(nodes.get(i));
        while (i > 0 && node != null && settings.forwardedAllow().matches(node.getAddress())) {
            node = ForwardedValues.node(nodes.get(--i));
        }
        return node;
    }

    /** The same walk over {@code Forwarded} elements; an element without {@code for} stops it. */
    private int clientIndex(List<ForwardedValues.Element> elements) {
        int i = elements.size() - 1;
        while (i > 0) {
            String forNode = elements.get(i).forNode();
            InetSocketAddress node = forNode == null ? null : ForwardedValues.node(forNode);
            if (node == null || !settings.forwardedAllow().matches(node.getAddress())) {
                break;
            }
            i--;
        }
        return i;
    }

    /** A trusted {@code SCRIPT_NAME} header, without trailing slashes. */
    private static String scriptName(Headers headers, Headers underscoreFields) {
        String value = underscoreFields.first(SCRIPT_NAME);
        if (value == null) {
            value = headers.first(SCRIPT_NAME); // header_map = dangerous keeps it among the others
            if (value == null) {
                return null;
            }
        }
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(0, end);
    }
}
