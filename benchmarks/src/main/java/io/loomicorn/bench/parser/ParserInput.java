package io.loomicorn.bench.parser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The fixed inputs of the parser benchmarks. Each is one connection's worth of bytes: one
 * or more complete requests, bodies included. {@code ParserInputTest} checks that every
 * input parses as valid, with both parsers, so that a benchmark never measures an error
 * path (Netty's mixed-delimiter benchmark input is the cautionary tale).
 */
public enum ParserInput {

    /** The smallest realistic request: 37 bytes. */
    MINIMAL_GET(ascii("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"), 1, 0),

    /** A browser-like navigation GET: 694 bytes, 12 header fields, a long cookie. */
    BROWSER_GET(ascii("GET /products/view?id=1234&ref=home HTTP/1.1\r\n"
            + "Host: shop.example.com\r\n"
            + "Connection: keep-alive\r\n"
            + "Cache-Control: max-age=0\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Referer: https://shop.example.com/\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Accept-Language: en-GB,en;q=0.9,fr;q=0.8\r\n"
            + "Cookie: session=4f9c2a7e1b3d5f60; theme=dark; cart=7; _ga=GA1.2.1234567890.1700000000; consent=yes; "
            + "ab=variant_b; seen=1732440000; tz=Europe%2FLondon; lang=en-GB\r\n"
            + "\r\n"), 1, 0),

    /** An API POST with a 1 KiB JSON body read through. */
    POST_JSON_1K(concat(ascii("POST /api/v1/orders HTTP/1.1\r\n"
            + "Host: api.example.com\r\n"
            + "User-Agent: loomicorn-bench/1.0\r\n"
            + "Accept: application/json\r\n"
            + "Content-Type: application/json\r\n"
            + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl\r\n"
            + "Content-Length: 1024\r\n"
            + "\r\n"), json(1024)), 1, 1024),

    /** A 16 KiB upload in 16 chunks of 1 KiB, read through. */
    CHUNKED_16K(chunked(16, 1024), 1, 16 * 1024),

    /** 16 small pipelined GETs in one buffer (TechEmpower plaintext style). */
    PIPELINED_16(ascii(("GET /plaintext HTTP/1.1\r\n"
            + "Host: server:8080\r\n"
            + "Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n").repeat(16)), 16, 0);

    private final byte[] bytes;
    private final int requests;
    private final int bodyBytes;

    ParserInput(byte[] bytes, int requests, int bodyBytes) {
        this.bytes = bytes;
        this.requests = requests;
        this.bodyBytes = bodyBytes;
    }

    /** Returns the raw bytes (a fresh copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Returns the number of requests in the input. */
    public int requests() {
        return requests;
    }

    /** Returns the number of content bytes of all bodies together. */
    public int bodyBytes() {
        return bodyBytes;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A JSON document of exactly {@code size} bytes. */
    private static byte[] json(int size) {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        int i = 0;
        while (sb.length() < size - 64) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"sku\":\"SKU-").append(10000 + i).append("\",\"qty\":").append(i % 7 + 1).append('}');
            i++;
        }
        sb.append("],\"note\":\"");
        while (sb.length() < size - 2) {
            sb.append('x');
        }
        sb.append("\"}");
        return ascii(sb.toString());
    }

    private static byte[] chunked(int chunks, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("POST /upload HTTP/1.1\r\n"
                + "Host: files.example.com\r\n"
                + "User-Agent: loomicorn-bench/1.0\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "\r\n"));
        byte[] data = new byte[chunkSize];
        for (int i = 0; i < chunkSize; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        for (int c = 0; c < chunks; c++) {
            out.writeBytes(ascii(Integer.toHexString(chunkSize) + "\r\n"));
            out.writeBytes(data);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("0\r\n\r\n"));
        return out.toByteArray();
    }
}
