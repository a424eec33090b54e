package io.loomicorn.servlet.multipart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming {@code multipart/form-data} parser (RFC 7578, RFC 2046 §5.1): parts are read
 * from the body stream through a fixed window and written to memory or, past the
 * threshold, to a temporary file, so a large upload never sits on the heap.
 *
 * <p>It is Loomicorn's own rather than commons-fileupload2: Loomicorn's jars come first on
 * every worker's class path, so a bundled commons-io and fileupload would take the place of
 * the application's own versions of them.
 */
final class MultipartParser {

    /** The window over the body; also the longest part header block accepted. */
    private static final int WINDOW = 64 * 1024;
    private static final int MAX_HEADER_BLOCK = 16 * 1024;

    /** Limits and storage of one parse. */
    record Limits(long maxFileSize, long maxRequestSize, long threshold, Path location) {
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final Limits limits;
    private final byte[] buf = new byte[WINDOW];
    private int start;
    private int end;
    private boolean eof;
    private long total;

    MultipartParser(InputStream in, String boundary, Limits limits) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.limits = limits;
    }

    List<MultipartPart> parse() throws IOException {
        List<MultipartPart> parts = new ArrayList<>();
        try {
            skipPreamble();
            while (true) {
                // after a delimiter: "--" ends the body, CRLF starts a part
                need(2);
                if (buf[start] == '-' && buf[start + 1] == '-') {
                    return parts;
                }
                skipTransportPadding();
                List<String[]> headers = readHeaders();
                String disposition = header(headers, "Content-Disposition");
                String name = Disposition.param(disposition, "name");
                if (disposition == null || name == null) {
                    throw malformed("a part has no Content-Disposition name");
                }
                String fileName = Disposition.fileName(disposition);
                MultipartPart part = new MultipartPart(headers, name, fileName, limits.location());
                parts.add(part);
                readContent(part);
            }
        } catch (IOException | RuntimeException e) {
            for (MultipartPart p : parts) {
                try {
                    p.delete();
                } catch (IOException ignored) {
                    // best effort
                }
            }
            throw e;
        }
    }

    private void skipPreamble() throws IOException {
        // The first delimiter may start the body without the CRLF in front of it.
        byte[] first = java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length);
        need(first.length);
        if (startsWith(first)) {
            start += first.length;
            return;
        }
        while (true) {
            int i = indexOf(delimiter);
            if (i >= 0) {
                start = i + delimiter.length;
                return;
            }
            if (eof) {
                throw malformed("the body has no boundary delimiter");
            }
            start = Math.max(start, end - delimiter.length);
            compactAndFill();
        }
    }

    private void skipTransportPadding() throws IOException {
        while (true) {
            need(1);
            byte b = buf[start];
            if (b == ' ' || b == '\t') {
                start++;
            } else {
                break;
            }
        }
        need(2);
        if (buf[start] != '\r' || buf[start + 1] != '\n') {
            throw malformed("a boundary delimiter is not followed by CRLF");
        }
        start += 2;
    }

    private List<String[]> readHeaders() throws IOException {
        List<String[]> headers = new ArrayList<>();
        int consumed = 0;
        while (true) {
            int eol = lineEnd();
            String line = new String(buf, start, eol - start, StandardCharsets.UTF_8);
            consumed += eol - start + 2;
            start = eol + 2;
            if (consumed > MAX_HEADER_BLOCK) {
                throw malformed("a part's headers are too long");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (headers.isEmpty()) {
                    throw malformed("a part header starts with whitespace");
                }
                String[] last = headers.getLast();
                last[1] = last[1] + " " + line.strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part header has no colon: " + abbreviate(line));
            }
            headers.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
        }
    }

    /** Finds the CRLF that ends the current line, reading more as needed. */
    private int lineEnd() throws IOException {
        while (true) {
            for (int i = start; i + 1 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    return i;
                }
            }
            if (end - start >= MAX_HEADER_BLOCK) {
                throw malformed("a part header line is too long");
            }
            if (eof) {
                throw malformed("the body ended inside a part's headers");
            }
            compactAndFill();
        }
    }

    private void readContent(MultipartPart part) throws IOException {
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        OutputStream fileOut = null;
        Path file = null;
        long size = 0;
        try {
            while (true) {
                int i = indexOf(delimiter);
                int upTo = i >= 0 ? i : Math.max(start, end - delimiter.length + 1);
                int n = upTo - start;
                if (n > 0) {
                    size += n;
                    total += n;
                    if (limits.maxFileSize() >= 0 && size > limits.maxFileSize()) {
                        throw new MultipartException("the part '" + part.getName() + "' is larger than maxFileSize "
                                + limits.maxFileSize(), 413);
                    }
                    if (limits.maxRequestSize() >= 0 && total > limits.maxRequestSize()) {
                        throw new MultipartException("the multipart body is larger than maxRequestSize "
                                + limits.maxRequestSize(), 413);
                    }
                    if (fileOut == null && size > limits.threshold()) {
                        file = Files.createTempFile(limits.location(), "loomicorn-part-", ".tmp");
                        fileOut = Files.newOutputStream(file);
                        memory.writeTo(fileOut);
                        memory = null;
                    }
                    if (fileOut != null) {
                        fileOut.write(buf, start, n);
                    } else {
                        memory.write(buf, start, n);
                    }
                    start = upTo;
                }
                if (i >= 0) {
                    start = i + delimiter.length;
                    break;
                }
                if (eof) {
                    throw malformed("the body ended inside the part '" + part.getName() + "'");
                }
                compactAndFill();
            }
        } catch (IOException | RuntimeException e) {
            if (fileOut != null) {
                fileOut.close();
                Files.deleteIfExists(file);
            }
            throw e;
        }
        if (fileOut != null) {
            fileOut.close();
            part.content(null, file, size);
        } else {
            part.content(memory.toByteArray(), null, size);
        }
    }

    private int indexOf(byte[] pattern) {
        byte first = pattern[0];
        int last = end - pattern.length;
        outer:
        for (int i = start; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private boolean startsWith(byte[] pattern) {
        if (end - start < pattern.length) {
            return false;
        }
        for (int j = 0; j < pattern.length; j++) {
            if (buf[start + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    /** Makes at least {@code n} bytes available from {@code start}, or fails at the end of the body. */
    private void need(int n) throws IOException {
        while (end - start < n) {
            if (eof) {
                throw malformed("the body ended early");
            }
            compactAndFill();
        }
    }

    private void compactAndFill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            throw malformed("a part header line is too long");
        }
        int r = in.read(buf, end, buf.length - end);
        if (r < 0) {
            eof = true;
        } else {
            end += r;
        }
    }

    private static String header(List<String[]> headers, String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    static MultipartException malformed(String why) {
        return new MultipartException("malformed multipart body: " + why, 400);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
