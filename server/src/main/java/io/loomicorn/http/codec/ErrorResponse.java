package io.loomicorn.http.codec;

import io.loomicorn.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * The short responses the server writes by itself: parse errors, 500s and timeouts.
 * Each is a one-line text body with {@code Connection: close}, and never contains a
 * stack trace.
 */
public final class ErrorResponse {

    private ErrorResponse() {
    }

    /**
     * Renders a complete error response.
     *
     * @param encoder the head encoder (for the status line, Date and Server)
     * @param out     where the bytes go
     * @param version the request's version, or HTTP/1.1 when it is unknown
     * @param status  the status code
     * @param detail  a one-line explanation safe to show to the client, or {@code null}
     */
    public static void render(ResponseHeadEncoder encoder, ByteWriter out, HttpVersion version,
                              int status, String detail) {
        String text = status + " " + HttpStatus.reason(status)
                + (detail == null || detail.isEmpty() ? "" : ": " + oneLine(detail)) + "\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        out.write(encoder.statusLine(version, status));
        out.latin1("Content-Type: text/plain; charset=utf-8").crlf();
        out.write(encoder.dates().headerLine());
        out.latin1("Content-Length: ").decimal(body.length).crlf();
        out.latin1("Connection: close").crlf();
        out.crlf();
        out.write(body);
    }

    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return sb.toString();
    }
}
