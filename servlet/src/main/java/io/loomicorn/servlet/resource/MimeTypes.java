package io.loomicorn.servlet.resource;

import java.net.FileNameMap;
import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** File extensions to media types: the common web types, then the JDK's table. */
public final class MimeTypes {

    private static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("txt", "text/plain"),
            Map.entry("css", "text/css"), Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"),
            Map.entry("json", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("csv", "text/csv"), Map.entry("md", "text/markdown"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"), Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("wasm", "application/wasm"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"), Map.entry("wav", "audio/wav"),
            Map.entry("jar", "application/java-archive"), Map.entry("class", "application/java-vm"));

    private static final FileNameMap JDK = URLConnection.getFileNameMap();

    private MimeTypes() {
    }

    /**
     * Returns the media type of a file by its extension.
     *
     * @param file a file name or path
     * @return the media type, or null when the extension is unknown or missing
     */
    public static String forFile(String file) {
        if (file == null) {
            return null;
        }
        int slash = file.lastIndexOf('/');
        int dot = file.lastIndexOf('.');
        if (dot <= slash || dot == file.length() - 1) {
            return null;
        }
        String type = COMMON.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type != null ? type : JDK.getContentTypeFor(file.substring(slash + 1));
    }
}
