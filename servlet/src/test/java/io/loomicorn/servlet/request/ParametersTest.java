package io.loomicorn.servlet.request;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Urlencoded parameters, cookies and Accept-Language. */
class ParametersTest {

    @Test
    void decodesUrlencodedPairsInOrder() {
        Parameters p = new Parameters();
        p.addEncoded("a=1&b=x+y&a=%E2%9C%93&flag&empty=&&=v", StandardCharsets.UTF_8);
        assertThat(p.names()).containsExactly("a", "b", "flag", "empty", "");
        assertThat(p.all("a")).containsExactly("1", "\u2713");
        assertThat(p.first("b")).isEqualTo("x y");
        assertThat(p.first("flag")).isEmpty();
        assertThat(p.first("missing")).isNull();
        Parameters latin = new Parameters();
        latin.addEncoded("n=%E9", StandardCharsets.ISO_8859_1);
        assertThat(latin.first("n")).isEqualTo("\u00e9");
    }

    @Test
    void refusesBrokenEscapes() {
        assertThatThrownBy(() -> new Parameters().addEncoded("a=%2", StandardCharsets.UTF_8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Parameters().addEncoded("a=%zz", StandardCharsets.UTF_8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesCookiesLeniently() {
        List<Cookie> c = CookieParser.parse(List.of("a=1; b=\"two words\"; bad name=x; $Version=1; c=", "d=4"));
        assertThat(c).extracting(Cookie::getName).containsExactly("a", "b", "c", "d");
        assertThat(c).extracting(Cookie::getValue).containsExactly("1", "two words", "", "4");
    }

    @Test
    void ordersLanguagesByWeight() {
        assertThat(AcceptLanguage.parse(List.of("fr;q=0.5, en-GB, de;q=0.8, *;q=0.1, xx;q=0")))
                .containsExactly(Locale.forLanguageTag("en-GB"), Locale.GERMAN, Locale.FRENCH);
        assertThat(AcceptLanguage.parse(List.of())).isEmpty();
    }
}
