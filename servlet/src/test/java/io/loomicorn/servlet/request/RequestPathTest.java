package io.loomicorn.servlet.request;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Canonical paths (Servlet 6.1 §3.5.2) and the ambiguous ones that get a 400. */
class RequestPathTest {

    private static String decoded(String raw) throws Exception {
        return RequestPath.of(raw).decodedPath();
    }

    @Test
    void decodesAndCanonicalises() throws Exception {
        assertThat(decoded("/")).isEqualTo("/");
        assertThat(decoded("/a/b")).isEqualTo("/a/b");
        assertThat(decoded("/a/b/")).isEqualTo("/a/b/");
        assertThat(decoded("/a%20b/c%C3%A9")).isEqualTo("/a b/c\u00e9");
        assertThat(decoded("/a;jsessionid=1/b;x")).isEqualTo("/a/b");
        assertThat(decoded("/a/./b/../c")).isEqualTo("/a/c");
        assertThat(decoded("/a/b/..")).isEqualTo("/a/");
        assertThat(decoded("/a/.")).isEqualTo("/a/");
        assertThat(RequestPath.of("/a%20b;x").rawPath()).isEqualTo("/a%20b;x");
    }

    @Test
    void refusesAmbiguousPaths() {
        for (String bad : new String[] {"/a%2Fb", "/a%2fb", "/a%5Cb", "/%2e%2e/x", "/a/%2E", "/..", "/a/../../b",
                "/a%00", "/a%zz", "/a%4", "/%C3%28"}) {
            assertThatThrownBy(() -> RequestPath.of(bad)).as(bad).isInstanceOf(RequestPath.BadPathException.class);
        }
    }

    @Test
    void findsThePathOfATarget() throws Exception {
        assertThat(RequestPath.rawPathOf("/x?y=1")).isEqualTo("/x");
        assertThat(RequestPath.rawPathOf("http://h:8/p/q?z")).isEqualTo("/p/q");
        assertThat(RequestPath.rawPathOf("http://h")).isEqualTo("/");
        assertThatThrownBy(() -> RequestPath.rawPathOf("*")).isInstanceOf(RequestPath.BadPathException.class);
    }
}
