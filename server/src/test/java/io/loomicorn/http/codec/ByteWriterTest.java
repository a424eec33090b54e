package io.loomicorn.http.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ByteWriterTest {

    @Test
    void aReleasedWriterHoldsNoArrayAndWritesAgainFromItsInitialCapacity() {
        ByteWriter w = new ByteWriter(512);
        w.latin1("HTTP/1.1 200 OK").crlf();
        w.release();
        assertThat(w.capacity()).isZero();
        assertThat(w.size()).isZero();
        w.latin1("HTTP/1.1 404 Not Found").crlf().hex(255).crlf();
        assertThat(w.capacity()).isEqualTo(512);
        assertThat(new String(w.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 404 Not Found\r\nff\r\n");
        w.release();
        String large = "x".repeat(2000);
        w.latin1(large);
        assertThat(new String(w.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo(large);
    }
}
