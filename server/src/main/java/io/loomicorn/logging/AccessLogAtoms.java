package io.loomicorn.logging;

import io.loomicorn.http.Headers;
import io.loomicorn.app.Request;
import io.loomicorn.app.TlsInfo;
import io.loomicorn.spi.Listener;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * What each access log atom stands for, with gunicorn's meaning.
 *
 * <table>
 *   <caption>Atoms</caption>
 *   <tr><th>atom</th><th>value</th></tr>
 *   <tr><td>{@code h}</td><td>the client's address: the socket's peer, or the client a PROXY
 *       header or a trusted front end's {@code X-Forwarded-For}/{@code Forwarded} named
 *       ({@code -} on a Unix socket without either)</td></tr>
 *   <tr><td>{@code l}</td><td>always {@code -}</td></tr>
 *   <tr><td>{@code u}</td><td>user name of HTTP Basic authorization, else {@code -}</td></tr>
 *   <tr><td>{@code t}</td><td>local time, {@code [24/Nov/2026:22:29:32 +0000]}</td></tr>
 *   <tr><td>{@code r}</td><td>request line: method, target as received, protocol</td></tr>
 *   <tr><td>{@code m} {@code U} {@code q} {@code H}</td><td>method, decoded path below the mount
 *       point (WSGI's {@code PATH_INFO}), raw query, protocol</td></tr>
 *   <tr><td>{@code s}</td><td>status code</td></tr>
 *   <tr><td>{@code B}</td><td>response body bytes</td></tr>
 *   <tr><td>{@code b}</td><td>response body bytes, or {@code -} if no response was sent</td></tr>
 *   <tr><td>{@code f} {@code a}</td><td>Referer, User-Agent, else {@code -}</td></tr>
 *   <tr><td>{@code T} {@code M} {@code D}</td><td>request time in whole seconds, milliseconds, microseconds</td></tr>
 *   <tr><td>{@code L}</td><td>request time in seconds with six decimals</td></tr>
 *   <tr><td>{@code p}</td><td>{@code <pid>}</td></tr>
 *   <tr><td>{@code {name}i} {@code {name}o}</td><td>request, response header (the last of repeated
 *       fields), as received: {@code {x-forwarded-for}i} is the raw header, trusted or not</td></tr>
 *   <tr><td>{@code {name}e}</td><td>an "environ" variable: see {@link #environ(String)}</td></tr>
 * </table>
 * Any other atom prints {@code -}. String values have {@code "} escaped as {@code \"};
 * control characters, which a decoded path or an attribute could hold, print as
 * {@code \xNN} so that a request never spans two lines.
 */
final class AccessLogAtoms {

    /** One atom: appends its value to a line. */
    @FunctionalInterface
    interface Atom {
        /**
         * Appends the value, escaped.
         *
         * @param x   the exchange
         * @param out the line so far
         */
        void append(Exchange x, StringBuilder out);
    }

    private static final long PID = ProcessHandle.current().pid();
    private static final ClfTime CLF_TIME = new ClfTime(ZoneId.systemDefault());
    private static final Atom DASH = (x, out) -> out.append('-');

    private AccessLogAtoms() {
    }

    /**
     * Returns the atom for a name as written inside {@code %(...)}.
     *
     * @param key e.g. {@code h}, {@code {user-agent}i}; names in braces are case-insensitive
     * @return the atom; {@code -} for unknown names
     */
    static Atom forKey(String key) {
        if (key.length() > 3 && key.charAt(0) == '{') {
            int close = key.length() - 2;
            if (key.charAt(close) == '}') {
                String name = key.substring(1, close).toLowerCase(Locale.ROOT);
                return switch (key.charAt(key.length() - 1)) {
                    case 'i' -> requestHeader(name);
                    case 'o' -> responseHeader(name);
                    case 'e' -> environ(name);
                    default -> DASH;
                };
            }
            return DASH;
        }
        return switch (key) {
            // An address, a method (an HTTP token) and the protocol (HTTP/1.x), all checked by
            // the parser, cannot hold a quote or a control character: no escaping needed.
            case "h" -> (x, out) -> plain(out, remoteHost(x.request()));
            case "l" -> DASH;
            case "u" -> (x, out) -> text(out, BasicAuthUser.of(x.request().headers().first("Authorization")));
            case "t" -> (x, out) -> out.append(CLF_TIME.format(x.epochMillis()));
            case "r" -> (x, out) -> {
                Request r = x.request();
                out.append(r.method()).append(' ');
                escape(out, r.target());
                out.append(' ').append(r.version());
            };
            case "m" -> (x, out) -> out.append(x.request().method());
            case "U" -> (x, out) -> text(out, x.request().pathInfo());
            case "q" -> (x, out) -> text(out, x.request().query());
            case "H" -> (x, out) -> out.append(x.request().version());
            case "s" -> (x, out) -> out.append(x.response().status());
            case "B" -> (x, out) -> out.append(x.bodyBytes());
            case "b" -> (x, out) -> {
                if (x.response().isCommitted()) {
                    out.append(x.bodyBytes());
                } else {
                    out.append('-');
                }
            };
            case "f" -> (x, out) -> text(out, joined(x.request().headers(), "Referer"));
            case "a" -> (x, out) -> text(out, joined(x.request().headers(), "User-Agent"));
            case "T" -> (x, out) -> out.append(x.durationNanos() / 1_000_000_000L);
            case "M" -> (x, out) -> out.append(x.durationNanos() / 1_000_000L);
            case "D" -> (x, out) -> out.append(x.durationNanos() / 1_000L);
            case "L" -> (x, out) -> {
                long micros = x.durationNanos() / 1_000L;
                out.append(micros / 1_000_000L).append('.');
                String frac = Long.toString(micros % 1_000_000L);
                out.repeat('0', 6 - frac.length()).append(frac);
            };
            case "p" -> (x, out) -> out.append('<').append(PID).append('>');
            default -> DASH;
        };
    }

    private static Atom requestHeader(String name) {
        return (x, out) -> text(out, last(x.request().headers(), name));
    }

    private static Atom responseHeader(String name) {
        return (x, out) -> text(out, last(x.response().headers(), name));
    }

    /**
     * The {@code {name}e} atom. Python's WSGI servers log the request's "environ"; its
     * nearest JVM equivalents are searched in this order:
     * <ol>
     *   <li>the request's {@linkplain Request#attributes() attributes}, where hooks and
     *       applications put values as WSGI middleware puts them in the environ (the name
     *       compares case-insensitively);</li>
     *   <li>the CGI variables gunicorn's environ holds, computed from the request:
     *       {@code request_method}, {@code script_name} (the mount point), {@code path_info},
     *       {@code query_string}, {@code raw_uri}, {@code server_protocol},
     *       {@code server_name}, {@code server_port}, {@code remote_addr},
     *       {@code remote_port}, {@code content_type}, {@code content_length},
     *       {@code wsgi.url_scheme} and {@code http_<header>} (underscores become hyphens);
     *       and, for a connection on which Loomicorn terminated TLS, {@code tls_protocol}
     *       ({@code TLSv1.3}) and {@code tls_cipher} ({@code TLS_AES_128_GCM_SHA256}), which
     *       are {@code -} on a plain connection;</li>
     *   <li>the worker's process environment (case-insensitive), e.g. {@code {hostname}e}.</li>
     * </ol>
     *
     * @param name the lower-case name
     * @return the atom
     */
    static Atom environ(String name) {
        Atom cgi = cgiVariable(name);
        String processValue = processEnvironment(name);
        return (x, out) -> {
            Object attribute = attribute(x.request(), name);
            if (attribute != null) {
                text(out, String.valueOf(attribute));
            } else if (cgi != null) {
                cgi.append(x, out);
            } else {
                text(out, processValue);
            }
        };
    }

    private static Atom cgiVariable(String name) {
        if (name.startsWith("http_") && name.length() > 5) {
            return requestHeader(name.substring(5).replace('_', '-'));
        }
        return switch (name) {
            case "request_method" -> forKey("m");
            case "script_name" -> (x, out) -> text(out, x.request().scriptName());
            case "path_info" -> forKey("U");
            case "query_string" -> forKey("q");
            case "raw_uri" -> (x, out) -> text(out, x.request().target());
            case "server_protocol" -> forKey("H");
            case "server_name" -> (x, out) -> text(out, x.request().serverName());
            case "server_port" -> (x, out) -> out.append(x.request().serverPort());
            case "remote_addr" -> forKey("h");
            case "remote_port" -> (x, out) -> {
                if (x.request().remoteAddress() instanceof InetSocketAddress inet && inet.getPort() > 0) {
                    out.append(inet.getPort()); // 0: a proxy named the client without its port
                } else {
                    out.append('-');
                }
            };
            case "content_type" -> requestHeader("content-type");
            case "content_length" -> requestHeader("content-length");
            case "wsgi.url_scheme" -> (x, out) -> text(out, x.request().scheme());
            case "tls_protocol" -> (x, out) -> text(out, tlsProtocol(x.request()));
            case "tls_cipher" -> (x, out) -> text(out, tlsCipher(x.request()));
            default -> null;
        };
    }

    /** The protocol of the TLS that Loomicorn terminated on the request's connection, else null. */
    static String tlsProtocol(Request request) {
        return request.tls().map(TlsInfo::protocol).orElse(null);
    }

    /** The cipher suite of the TLS that Loomicorn terminated on the request's connection, else null. */
    static String tlsCipher(Request request) {
        return request.tls().map(TlsInfo::cipherSuite).orElse(null);
    }

    private static Object attribute(Request request, String name) {
        Map<String, Object> attributes = request.attributes();
        if (attributes.isEmpty()) {
            return null;
        }
        Object v = attributes.get(name);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String processEnvironment(String name) {
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The last address formatted, since a connection's requests share one. */
    private record LastAddress(InetAddress address, String text) {
    }

    private static volatile LastAddress lastAddress = new LastAddress(null, null);

    /** The remote address as WSGI's REMOTE_ADDR: IPv6 in its short form; null on a Unix socket. */
    static String remoteHost(Request request) {
        SocketAddress remote = request.remoteAddress();
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return null;
        }
        InetAddress address = inet.getAddress();
        LastAddress last = lastAddress;
        if (last.address() == address) {
            return last.text();
        }
        String text;
        if (address instanceof Inet6Address) {
            String d = Listener.describe(new InetSocketAddress(address, 0));
            text = d.substring(1, d.lastIndexOf(']'));
        } else {
            text = address.getHostAddress();
        }
        lastAddress = new LastAddress(address, text);
        return text;
    }

    private static void plain(StringBuilder out, String value) {
        out.append(value == null ? "-" : value);
    }

    private static String last(Headers headers, String name) {
        String found = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            if (headers.name(i).equalsIgnoreCase(name)) {
                found = headers.value(i);
            }
        }
        return found;
    }

    /** Repeated fields joined with commas, as a WSGI environ holds them. */
    private static String joined(Headers headers, String name) {
        String found = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            if (headers.name(i).equalsIgnoreCase(name)) {
                found = found == null ? headers.value(i) : found + "," + headers.value(i);
            }
        }
        return found;
    }

    /** Appends a string value escaped, or {@code -} when there is none. */
    static void text(StringBuilder out, String value) {
        if (value == null) {
            out.append('-');
        } else {
            escape(out, value);
        }
    }

    /** Appends {@code value} with {@code "} as {@code \"} and control characters as {@code \xNN}. */
    static void escape(StringBuilder out, String value) {
        int n = value.length();
        int first = 0;
        while (first < n && !needsEscape(value.charAt(first))) {
            first++;
        }
        // Nearly every value needs no escape: append it in one copy.
        if (first == n) {
            out.append(value);
            return;
        }
        out.append(value, 0, first);
        for (int i = first; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('\\').append('"');
            } else if (c < 0x20 || c == 0x7f) {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(c);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c == '"' || c < 0x20 || c == 0x7f;
    }
}
