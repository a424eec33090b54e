package io.loomicorn.http.parser;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Interning returns a name equal to its bytes, shared only on an exact match. */
class HeaderNamesTest {

    private static String intern(String name, int pad) {
        byte[] a = (" ".repeat(pad) + name + ": v\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return HeaderNames.intern(a, pad, pad + name.length());
    }

    @Test
    void commonNamesAreSharedInTheirUsualSpellings() {
        for (String name : List.of("Host", "User-Agent", "user-agent", "USER-AGENT", "Accept-Encoding",
                "Upgrade-Insecure-Requests", "Sec-WebSocket-Extensions", "Content-Length", "X-Forwarded-For", "TE")) {
            assertThat(intern(name, 3)).isSameAs(name.intern());
        }
    }

    @Test
    void nearMissesAreNotShared() {
        for (String name : List.of("User-Agent", "Accept-Encoding", "Upgrade-Insecure-Requests", "Host", "Sec-CH-UA-Mobile")) {
            for (int k = 0; k < name.length(); k++) {
                char[] c = name.toCharArray();
                c[k] = c[k] == 'x' ? 'y' : 'x';
                String variant = new String(c);
                String got = intern(variant, 5);
                assertThat(got).isEqualTo(variant);
                assertThat(got).isNotSameAs(name.intern());
            }
            assertThat(intern(name.substring(1), 1)).isEqualTo(name.substring(1));
            assertThat(intern(name + "s", 2)).isEqualTo(name + "s");
        }
        assertThat(intern("User-agent", 0)).isEqualTo("User-agent");
        assertThat(intern("", 4)).isEmpty();
    }
}
