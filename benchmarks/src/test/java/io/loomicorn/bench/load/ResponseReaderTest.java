package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseReaderTest {

    /** Hands out at most three bytes per read, like a slow socket. */
    private static InputStream trickle(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    @Test
    void readsPipelinedResponsesWithEveryFraming() throws IOException {
        String wire = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!"
                + "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nTrailer: t\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
                + "HTTP/1.0 200 OK\r\n\r\nbody until the end";
        ResponseReader r = new ResponseReader(trickle(wire), 64);
        assertThat(r.read()).isTrue();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.mustClose()).isFalse();
        assertThat(r.read()).isTrue();
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.read()).isTrue();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.mustClose()).isFalse();
        assertThat(r.read()).isTrue();
        assertThat(r.mustClose()).isTrue();
        assertThat(r.read()).isTrue();
        assertThat(r.mustClose()).isTrue();
        assertThat(r.read()).isFalse();
        assertThat(r.bytesRead()).isEqualTo(wire.length());
    }

    @Test
    void truncatedOrMalformedResponsesAreErrors() {
        assertThatThrownBy(() -> new ResponseReader(trickle("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"), 64).read())
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new ResponseReader(trickle("SSH-2.0-OpenSSH\r\n"), 64).read())
                .hasMessageContaining("status line");
    }
}
