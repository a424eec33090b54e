package io.loomicorn.servlet.response;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * Encodes characters straight into the response buffer. It holds back nothing but the
 * high half of a surrogate pair split across two writes.
 */
final class EncodingWriter extends Writer {

    private final OutputStream out;
    private final Charset charset;
    private char pendingHigh;

    EncodingWriter(OutputStream out, Charset charset) {
        this.out = out;
        this.charset = charset;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        encode(new String(cbuf, off, len));
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        encode(str.substring(off, off + len));
    }

    @Override
    public void write(int c) throws IOException {
        encode(String.valueOf((char) c));
    }

    private void encode(String s) throws IOException {
        if (s.isEmpty()) {
            return;
        }
        if (pendingHigh != 0) {
            s = pendingHigh + s;
            pendingHigh = 0;
        }
        char last = s.charAt(s.length() - 1);
        if (Character.isHighSurrogate(last)) {
            pendingHigh = last;
            s = s.substring(0, s.length() - 1);
        }
        out.write(s.getBytes(charset));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
