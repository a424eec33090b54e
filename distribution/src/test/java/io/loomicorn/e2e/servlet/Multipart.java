package io.loomicorn.e2e.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Multipart bodies for the upload tests, built byte by byte. */
final class Multipart {

    static final String BOUNDARY = "----loomicorn-test-boundary";

    private Multipart() {
    }

    static String valid() {
        return "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"field\"\r\n\r\n"
                + "field value\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"small\"; filename=\"small.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "small file\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "x".repeat(3000) + "\r\n"
                + "--" + BOUNDARY + "--\r\n";
    }

    /** A file part of 5000 bytes: the upload servlet's maxFileSize is 4096. */
    static String tooLarge() {
        return "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n\r\n"
                + "y".repeat(5000) + "\r\n"
                + "--" + BOUNDARY + "--\r\n";
    }

    /** The body ends inside a part. */
    static String truncated() {
        return "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"field\"\r\n\r\n"
                + "no end in sight";
    }

    /** A part whose Content-Disposition has no name. */
    static String nameless() {
        return "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data\r\n\r\n"
                + "x\r\n"
                + "--" + BOUNDARY + "--\r\n";
    }

    static String request(String target, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: example.com\r\nContent-Type: multipart/form-data; boundary="
                + BOUNDARY + "\r\nContent-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length
                + "\r\n\r\n" + body;
    }

    static byte[] bytes(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }
}
