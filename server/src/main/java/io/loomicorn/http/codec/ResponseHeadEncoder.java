package io.loomicorn.http.codec;

import io.loomicorn.http.Headers;
import io.loomicorn.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * Writes a response head: the status line, the application's fields, then the fields
 * the server owns ({@code Date}, {@code Server}, the framing and {@code Connection}).
 *
 * <p>The server decides framing and persistence, so the application's own
 * {@code Content-Length}, {@code Transfer-Encoding}, {@code Connection} and
 * {@code Keep-Alive} fields are not copied (hop-by-hop fields, RFC 9110 §7.6.1, and
 * framing that must match what is actually sent). An application's {@code Date} or
 * {@code Server} field replaces the server's own.
 */
public final class ResponseHeadEncoder {

    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] COLON_SPACE = ascii(": ");

    private final byte[][][] statusLines = new byte[HttpVersion.values().length][600][];
    private final byte[] serverLine;
    private final DateCache dates;

    /**
     * Creates an encoder.
     *
     * @param serverHeader the {@code Server} value; {@code null} or empty sends none
     * @param dates        the date cache shared by the process
     */
    public ResponseHeadEncoder(String serverHeader, DateCache dates) {
        this.serverLine = serverHeader == null || serverHeader.isEmpty()
                ? null : ascii("Server: " + serverHeader + "\r\n");
        this.dates = dates;
    }

    /** Returns the date cache this encoder writes from. */
    public DateCache dates() {
        return dates;
    }

    /**
     * Encodes a head.
     *
     * @param out             where the bytes go
     * @param version         the version of the request, which the status line repeats
     * @param status          the status code
     * @param headers         the application's fields
     * @param contentLength   the {@code Content-Length} to send, or -1 for none
     * @param chunked         whether to send {@code Transfer-Encoding: chunked}
     * @param close           whether to send {@code Connection: close}
     * @param keepAliveHeader whether to send {@code Connection: keep-alive} when not
     *                        closing (needed by HTTP/1.0 clients only)
     */
    public void encode(ByteWriter out, HttpVersion version, int status, Headers headers,
                       long contentLength, boolean chunked, boolean close, boolean keepAliveHeader) {
        out.write(statusLine(version, status));
        boolean ownDate = true;
        boolean ownServer = serverLine != null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i);
            switch (ServerOwnedField.of(name)) {
                case FRAMING_OR_HOP -> {
                    continue;
                }
                case DATE -> ownDate = false;
                case SERVER -> ownServer = false;
                case OTHER -> {
                }
            }
            out.latin1(name).write(COLON_SPACE).latin1(headers.value(i)).crlf();
        }
        if (ownDate) {
            out.write(dates.headerLine());
        }
        if (ownServer) {
            out.write(serverLine);
        }
        if (contentLength >= 0) {
            out.write(CONTENT_LENGTH).decimal(contentLength).crlf();
        }
        if (chunked) {
            out.write(CHUNKED);
        }
        if (close) {
            out.write(CLOSE);
        } else if (keepAliveHeader) {
            out.write(KEEP_ALIVE);
        }
        out.crlf();
    }

    /**
     * Returns {@code HTTP/1.1 200 OK\r\n} and its kin, built once per version and code.
     *
     * @param version the version
     * @param status  100 to 599
     * @return the status line bytes; the caller must not change them
     */
    public byte[] statusLine(HttpVersion version, int status) {
        byte[][] lines = statusLines[version.ordinal()];
        byte[] line = lines[status];
        if (line == null) {
            line = ascii(version.text() + " " + status + " " + HttpStatus.reason(status) + "\r\n");
            lines[status] = line;
        }
        return line;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** How the encoder treats an application field by name. */
    private enum ServerOwnedField {
        FRAMING_OR_HOP, DATE, SERVER, OTHER;

        static ServerOwnedField of(String name) {
            return switch (name.length()) {
                case 4 -> name.equalsIgnoreCase("Date") ? DATE : OTHER;
                case 6 -> name.equalsIgnoreCase("Server") ? SERVER : OTHER;
                case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive")
                        ? FRAMING_OR_HOP : OTHER;
                case 14 -> name.equalsIgnoreCase("Content-Length") ? FRAMING_OR_HOP : OTHER;
                case 17 -> name.equalsIgnoreCase("Transfer-Encoding") ? FRAMING_OR_HOP : OTHER;
                default -> OTHER;
            };
        }
    }
}
