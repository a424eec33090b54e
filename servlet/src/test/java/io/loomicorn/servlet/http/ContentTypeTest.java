package io.loomicorn.servlet.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of a Content-Type value. */
class ContentTypeTest {

    @Test
    void readsContentTypeParameters() {
        assertThat(ContentType.charset("text/html; charset=\"UTF-8\"")).isEqualTo("UTF-8");
        assertThat(ContentType.charset("multipart/form-data; boundary=x; charset=latin1")).isEqualTo("latin1");
        assertThat(ContentType.charset("text/html")).isNull();
        assertThat(ContentType.mediaType(" text/html ; q=1")).isEqualTo("text/html");
        assertThat(ContentType.withoutCharset("text/html; charset=utf-8; level=1")).isEqualTo("text/html;level=1");
    }
}
