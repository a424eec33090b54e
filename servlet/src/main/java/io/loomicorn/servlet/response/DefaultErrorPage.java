package io.loomicorn.servlet.response;

import java.nio.charset.StandardCharsets;

/**
 * The container's own error page, when the application has none for an error: a short
 * HTML page with the status and, for {@code sendError(code, message)}, the application's
 * message, escaped. Exceptions are never shown to the client.
 */
public final class DefaultErrorPage {

    private DefaultErrorPage() {
    }

    /**
     * Renders the page.
     *
     * @param status  the status
     * @param message the application's message, or null
     * @return the page's bytes, UTF-8
     */
    public static byte[] render(int status, String message) {
        String reason = Reasons.of(status);
        StringBuilder sb = new StringBuilder(256);
        sb.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Error ").append(status)
                .append(' ').append(escape(reason)).append("</title>\n</head>\n<body>\n<h1>HTTP ERROR ")
                .append(status).append(' ').append(escape(reason)).append("</h1>\n");
        if (message != null && !message.isEmpty()) {
            sb.append("<p>").append(escape(message)).append("</p>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The Content-Type of the page. */
    public static final String CONTENT_TYPE = "text/html;charset=utf-8";

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\t' ? '?' : c);
            }
        }
        return sb.toString();
    }
}
