package io.loomicorn.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads HTTP/1.1 responses off a connection with as little work as it can: the status
 * code, the framing headers ({@code Content-Length}, {@code Transfer-Encoding: chunked},
 * {@code Connection: close}), and the body, which it skips. Not thread-safe: one per
 * connection.
 */
final class ResponseReader {

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes();
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes();
    private static final byte[] CONNECTION = "connection:".getBytes();
    private static final int MAX_LINE = 16 * 1024;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int lim;
    private long bytes;

    // The response just read.
    private int status;
    private boolean close;

    ResponseReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** The status code of the response last read. */
    int status() {
        return status;
    }

    /** Whether the connection must close after the response last read. */
    boolean mustClose() {
        return close;
    }

    /** Every byte read so far, heads and bodies. */
    long bytesRead() {
        return bytes;
    }

    /**
     * Reads one whole response.
     *
     * @return false if the connection ended cleanly before the first byte of a response
     * @throws IOException on a read error, a timeout, or a malformed or truncated response
     */
    boolean read() throws IOException {
        if (pos == lim && fill() < 0) {
            return false;
        }
        int lineEnd = lineEnd();
        // "HTTP/1.1 200 OK": the version, then three digits.
        if (lineEnd - pos < 12 || buf[pos] != 'H' || buf[pos + 8] != ' ') {
            throw new IOException("malformed status line");
        }
        status = (buf[pos + 9] - '0') * 100 + (buf[pos + 10] - '0') * 10 + (buf[pos + 11] - '0');
        boolean http10 = buf[pos + 7] == '0';
        close = http10;
        long contentLength = -1;
        boolean chunked = false;
        pos = lineEnd + 1;
        while (true) {
            lineEnd = lineEnd();
            int len = lineEnd - pos;
            if (len == 0 || (len == 1 && buf[pos] == '\r')) {
                pos = lineEnd + 1;
                break;
            }
            if (startsWithIgnoreCase(CONTENT_LENGTH)) {
                contentLength = parseLong(pos + CONTENT_LENGTH.length, lineEnd);
            } else if (startsWithIgnoreCase(TRANSFER_ENCODING)) {
                chunked = contains(pos + TRANSFER_ENCODING.length, lineEnd, "chunked");
            } else if (startsWithIgnoreCase(CONNECTION)) {
                if (contains(pos + CONNECTION.length, lineEnd, "close")) {
                    close = true;
                } else if (contains(pos + CONNECTION.length, lineEnd, "keep-alive")) {
                    close = false;
                }
            }
            pos = lineEnd + 1;
        }
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return true;
        }
        if (chunked) {
            skipChunked();
        } else if (contentLength >= 0) {
            skip(contentLength);
        } else {
            close = true;
            while (true) { // the body runs to the end of the connection
                pos = lim;
                if (fill() < 0) {
                    break;
                }
            }
        }
        return true;
    }

    private void skipChunked() throws IOException {
        while (true) {
            int lineEnd = lineEnd();
            long size = 0;
            for (int i = pos; i < lineEnd; i++) {
                int d = Character.digit(buf[i], 16);
                if (d < 0) {
                    break;
                }
                size = size * 16 + d;
            }
            pos = lineEnd + 1;
            if (size == 0) {
                // trailers, then the empty line
                while (true) {
                    lineEnd = lineEnd();
                    boolean empty = lineEnd == pos || (lineEnd - pos == 1 && buf[pos] == '\r');
                    pos = lineEnd + 1;
                    if (empty) {
                        return;
                    }
                }
            }
            skip(size);
            lineEnd = lineEnd(); // the CRLF after the data
            pos = lineEnd + 1;
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && fill() < 0) {
                throw new EOFException("connection closed inside a body");
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }

    /** Returns the index of the next LF, reading more as needed. */
    private int lineEnd() throws IOException {
        int from = pos;
        while (true) {
            for (int i = from; i < lim; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            from = lim - pos;
            if (lim - pos >= MAX_LINE || lim - pos >= buf.length) {
                throw new IOException("response line too long");
            }
            if (fill() < 0) {
                throw new EOFException("connection closed inside a response head");
            }
            from += pos;
        }
    }

    /** Compacts the buffer and reads once. Returns the bytes read or -1. */
    private int fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n > 0) {
            lim += n;
            bytes += n;
        }
        return n;
    }

    private boolean startsWithIgnoreCase(byte[] lowerPrefix) {
        if (lim - pos < lowerPrefix.length) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length; i++) {
            int b = buf[pos + i];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lowerPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    private long parseLong(int from, int to) throws IOException {
        long v = 0;
        boolean any = false;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b >= '0' && b <= '9') {
                v = v * 10 + (b - '0');
                any = true;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                throw new IOException("bad Content-Length");
            }
        }
        if (!any) {
            throw new IOException("empty Content-Length");
        }
        return v;
    }

    private boolean contains(int from, int to, String lowerWord) {
        outer:
        for (int i = from; i + lowerWord.length() <= to; i++) {
            for (int j = 0; j < lowerWord.length(); j++) {
                int b = buf[i + j];
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (b != lowerWord.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
