package io.loomicorn.servlet.request;

import io.loomicorn.servlet.http.ContentType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Reads an {@code application/x-www-form-urlencoded} body into the parameters
 * (Servlet 6.1 §3.1.1): for POST and PUT, once, unless the application already took the
 * body with {@code getInputStream} or {@code getReader}.
 */
final class FormBody {

    /**
     * The largest form body read into memory: 2 MiB, Tomcat's {@code maxPostSize}. A larger
     * one is refused with 413 (limit_request_body bounds every body; this bounds the heap a
     * form may take when that setting is unlimited).
     */
    static final int LIMIT = 2 * 1024 * 1024;

    private FormBody() {
    }

    static void read(ServletRequestImpl request, Parameters into) {
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT")) {
            return;
        }
        String type = request.getContentType();
        if (type == null || !ContentType.mediaType(type).toLowerCase(Locale.ROOT).equals("application/x-www-form-urlencoded")) {
            return;
        }
        if (request.bodyTaken()) {
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > LIMIT) {
            throw new BadParameterException("the form body is larger than " + LIMIT + " bytes", 413);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] buf = new byte[8192];
        try {
            BodyInput in = request.input();
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
                body.write(buf, 0, n);
                if (body.size() > LIMIT) {
                    throw new BadParameterException("the form body is larger than " + LIMIT + " bytes", 413);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            into.addEncoded(body.toString(java.nio.charset.StandardCharsets.ISO_8859_1), request.bodyCharset());
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("bad form body: " + e.getMessage());
        }
    }
}
