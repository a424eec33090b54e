package io.loomicorn.logging;

import io.loomicorn.app.Request;
import org.apache.logging.log4j.message.MapMessage;

/**
 * An access log event that carries both forms of the line: the text of
 * {@code access_log_format} as its formatted message (what {@code %m} prints and syslog
 * sends), and the exchange's fields as a map, for the JSON access log and for a user's
 * {@code logconfig} (log4j's JSON Template Layout reads them with the {@code map}
 * resolver). Everything is computed on the request thread, since the request object is
 * valid only there; the message is immutable afterwards.
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>key</th><th>atom</th><th>type</th></tr>
 *   <tr><td>{@code remote_addr}</td><td>h</td><td>string, absent on a Unix socket</td></tr>
 *   <tr><td>{@code user}</td><td>u</td><td>string, absent without Basic authorization</td></tr>
 *   <tr><td>{@code request}</td><td>r</td><td>string</td></tr>
 *   <tr><td>{@code method}, {@code query}, {@code protocol}</td><td>m q H</td><td>string</td></tr>
 *   <tr><td>{@code path}</td><td>U with the mount point before it</td><td>string: the whole decoded path</td></tr>
 *   <tr><td>{@code status}</td><td>s</td><td>number</td></tr>
 *   <tr><td>{@code bytes}</td><td>B</td><td>number</td></tr>
 *   <tr><td>{@code referer}, {@code user_agent}</td><td>f a</td><td>string, absent when the header is</td></tr>
 *   <tr><td>{@code duration_us}</td><td>D</td><td>number</td></tr>
 *   <tr><td>{@code pid}</td><td>p</td><td>number</td></tr>
 *   <tr><td>{@code tls_protocol}, {@code tls_cipher}</td><td>{@code {tls_protocol}e}
 *       {@code {tls_cipher}e}</td><td>string, absent on a plain connection</td></tr>
 * </table>
 */
public final class AccessLogMessage extends MapMessage<AccessLogMessage, Object> {

    private static final long serialVersionUID = 1L;
    private static final long PID = ProcessHandle.current().pid();

    private final String line;

    private AccessLogMessage(String line) {
        super(16);
        this.line = line;
    }

    /**
     * Creates the message of one exchange.
     *
     * @param line the formatted text line
     * @param x    the exchange, for the fields
     * @return the message
     */
    static AccessLogMessage of(String line, Exchange x) {
        AccessLogMessage m = new AccessLogMessage(line);
        Request r = x.request();
        // In the map's (alphabetical) order, so that each key goes to the end of its
        // sorted arrays instead of shifting the others.
        m.with("bytes", x.bodyBytes());
        m.with("duration_us", x.durationNanos() / 1_000L);
        m.with("method", r.method());
        m.with("path", r.path());
        m.with("pid", PID);
        m.with("protocol", r.version());
        m.with("query", r.query());
        putIfPresent(m, "referer", r.headers().first("Referer"));
        putIfPresent(m, "remote_addr", AccessLogAtoms.remoteHost(r));
        m.with("request", r.method() + " " + r.target() + " " + r.version());
        m.with("status", x.response().status());
        putIfPresent(m, "tls_cipher", AccessLogAtoms.tlsCipher(r));
        putIfPresent(m, "tls_protocol", AccessLogAtoms.tlsProtocol(r));
        putIfPresent(m, "user", BasicAuthUser.of(r.headers().first("Authorization")));
        putIfPresent(m, "user_agent", r.headers().first("User-Agent"));
        return m;
    }

    private static void putIfPresent(AccessLogMessage m, String key, String value) {
        if (value != null) {
            m.with(key, value);
        }
    }

    /** Returns the text line. */
    public String line() {
        return line;
    }

    @Override
    public String getFormattedMessage() {
        return line;
    }

    @Override
    public void formatTo(StringBuilder buffer) {
        buffer.append(line);
    }

    @Override
    public String getFormat() {
        return line;
    }

    /**
     * Offers no other formats, so that layouts (the JSON Template Layout's {@code message}
     * resolver above all) print the text line as the message; the fields stay available
     * through the {@code map} resolver.
     */
    @Override
    public String[] getFormats() {
        return new String[0];
    }

    @Override
    public String getFormattedMessage(String[] formats) {
        return line;
    }

    @Override
    public void formatTo(String[] formats, StringBuilder buffer) {
        buffer.append(line);
    }

    @Override
    public AccessLogMessage newInstance(java.util.Map<String, Object> map) {
        AccessLogMessage copy = new AccessLogMessage(line);
        map.forEach(copy::with);
        return copy;
    }
}
