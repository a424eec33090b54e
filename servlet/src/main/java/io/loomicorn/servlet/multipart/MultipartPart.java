package io.loomicorn.servlet.multipart;

import jakarta.servlet.http.Part;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * One part of a {@code multipart/form-data} body: its headers, and its content in memory
 * (up to {@code fileSizeThreshold}) or in a temporary file.
 */
final class MultipartPart implements Part {

    private final List<String[]> headers;
    private final String name;
    private final String fileName;
    private final Path location;
    private byte[] memory;
    private Path file;
    private long size;
    /** Whether {@link #write} moved the file where the application wanted it: delete() leaves it. */
    private boolean kept;

    MultipartPart(List<String[]> headers, String name, String fileName, Path location) {
        this.headers = headers;
        this.name = name;
        this.fileName = fileName;
        this.location = location;
    }

    void content(byte[] memory, Path file, long size) {
        this.memory = memory;
        this.file = file;
        this.size = size;
    }

    /** The content as text, for parts that become request parameters. */
    String text(Charset charset) throws IOException {
        return new String(memory != null ? memory : Files.readAllBytes(file), charset);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return memory != null ? new ByteArrayInputStream(memory) : Files.newInputStream(file);
    }

    @Override
    public String getContentType() {
        return getHeader("Content-Type");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getSubmittedFileName() {
        return fileName;
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    public void write(String target) throws IOException {
        Path dest = location.resolve(target);
        if (file != null) {
            Files.move(file, dest, StandardCopyOption.REPLACE_EXISTING);
            file = dest;
            memory = null;
            kept = true;
        } else {
            Files.write(dest, memory);
        }
    }

    @Override
    public void delete() throws IOException {
        if (file != null && !kept) {
            Files.deleteIfExists(file);
        }
        memory = new byte[0];
    }

    @Override
    public String getHeader(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    @Override
    public Collection<String> getHeaders(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    @Override
    public Collection<String> getHeaderNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String[] h : headers) {
            names.add(h[0].toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
