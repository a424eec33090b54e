package io.loomicorn.servlet.multipart;

import io.loomicorn.servlet.http.ContentType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parts of a {@code multipart/form-data} request (Servlet 6.1 §3.2), read once with the
 * {@link MultipartConfigElement} of the servlet being served ({@code @MultipartConfig} or
 * {@code setMultipartConfig}). The body is also bounded by {@code limit_request_body},
 * which the server enforces while it is read. Temporary files are deleted when the
 * exchange ends.
 */
public final class MultipartForm {

    private final List<MultipartPart> parts;

    private MultipartForm(List<MultipartPart> parts) {
        this.parts = parts;
    }

    /**
     * Reads the parts of a request body.
     *
     * @param type     the request's Content-Type, or null
     * @param declared the request's Content-Length, or -1
     * @param body     opens the request body; called only once the type and length are checked,
     *                 so that a refused request leaves its body to the application
     * @param config   the servlet's multipart configuration, or null
     * @return the form
     * @throws IllegalStateException if the servlet has no multipart configuration, or a limit is exceeded
     * @throws ServletException      if the request is not {@code multipart/form-data}
     * @throws IOException           if the body cannot be read
     */
    public static MultipartForm read(String type, long declared, Supplier<? extends InputStream> body,
                                     MultipartConfigElement config)
            throws IOException, ServletException {
        if (config == null) {
            throw new IllegalStateException("the servlet has no multipart configuration (@MultipartConfig)");
        }
        if (type == null || !ContentType.mediaType(type).toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
            throw new ServletException("the request is not multipart/form-data: " + type);
        }
        String boundary = boundary(type);
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw MultipartParser.malformed("the Content-Type has no valid boundary");
        }
        if (config.getMaxRequestSize() >= 0 && declared > config.getMaxRequestSize()) {
            throw new MultipartException("the multipart body is larger than maxRequestSize "
                    + config.getMaxRequestSize(), 413);
        }
        Path location = location(config);
        MultipartParser.Limits limits = new MultipartParser.Limits(config.getMaxFileSize(), config.getMaxRequestSize(),
                Math.max(0, config.getFileSizeThreshold()), location);
        return new MultipartForm(new MultipartParser(body.get(), boundary, limits).parse());
    }

    private static Path location(MultipartConfigElement config) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String loc = config.getLocation();
        Path dir = loc == null || loc.isEmpty() ? tmp : tmp.resolve(loc);
        Files.createDirectories(dir);
        return dir;
    }

    private static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).strip();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b;
            }
        }
        return null;
    }

    /** Returns every part, in order. */
    public Collection<Part> parts() {
        return Collections.unmodifiableList(parts);
    }

    /** Returns the first part of this name, or null. */
    public Part part(String name) {
        for (MultipartPart p : parts) {
            if (p.getName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Returns the parts without a file name as parameters (Servlet 6.1 §3.2), decoded with
     * the {@code _charset_} part's charset, else the given one.
     *
     * @param fallback the request's charset
     * @return the parameters, in order
     * @throws IOException if a part cannot be read
     */
    public Map<String, List<String>> fields(Charset fallback) throws IOException {
        Charset cs = fallback;
        MultipartPart charsetPart = (MultipartPart) part("_charset_");
        if (charsetPart != null) {
            try {
                cs = Charset.forName(charsetPart.text(StandardCharsets.US_ASCII).strip());
            } catch (IllegalArgumentException e) {
                // keep the fallback
            }
        }
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        for (MultipartPart p : parts) {
            if (p.getSubmittedFileName() == null) {
                fields.computeIfAbsent(p.getName(), k -> new java.util.ArrayList<>()).add(p.text(cs));
            }
        }
        return fields;
    }

    /** Deletes every temporary file; at the end of the exchange. */
    public void delete() {
        for (MultipartPart p : parts) {
            try {
                p.delete();
            } catch (IOException e) {
                // best effort: the temporary directory is cleaned by the system
            }
        }
    }
}
