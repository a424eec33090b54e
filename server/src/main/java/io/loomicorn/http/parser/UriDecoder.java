package io.loomicorn.http.parser;

import io.loomicorn.http.HttpChars;

import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of a path into an ISO-8859-1 String, like WSGI's {@code PATH_INFO}:
 * each {@code %HH} becomes the byte {@code 0xHH} and every byte becomes the char of the
 * same value. A {@code %} that is not followed by two hexadecimal digits is kept as is
 * (as Python's {@code unquote} does), so decoding never fails. Decoding may produce
 * {@code /}, {@code ?} or NUL from {@code %2F}, {@code %3F}, {@code %00}: applications
 * that route on the path must be aware of it, and the raw target stays available.
 */
final class UriDecoder {

    private UriDecoder() {
    }

    /**
     * Decodes {@code a[from, to)}.
     *
     * @return the decoded path; a plain copy when there is nothing to decode
     */
    static String decode(byte[] a, int from, int to) {
        int firstPercent = -1;
        for (int i = from; i < to; i++) {
            if (a[i] == '%') {
                firstPercent = i;
                break;
            }
        }
        if (firstPercent < 0) {
            return new String(a, from, to - from, StandardCharsets.ISO_8859_1);
        }
        byte[] out = new byte[to - from];
        int n = firstPercent - from;
        System.arraycopy(a, from, out, 0, n);
        int i = firstPercent;
        while (i < to) {
            byte b = a[i];
            if (b == '%' && i + 2 < to) {
                int hi = HttpChars.hexValue(a[i + 1]);
                int lo = HttpChars.hexValue(a[i + 2]);
                if (hi >= 0 && lo >= 0) {
                    out[n++] = (byte) ((hi << 4) | lo);
                    i += 3;
                    continue;
                }
            }
            out[n++] = b;
            i++;
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }
}
