package io.loomicorn.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonStringsTest {

    @Test
    void escapesQuotesBackslashesAndControlCharactersAndKeepsTheRest() {
        String s = "a\"b\\c\nd\re\tf\u0001g\u007fé€";
        assertThat(JsonStrings.append(new StringBuilder("x:"), s).toString())
                .isEqualTo("x:\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u007fé€\"");
    }

    @Test
    void anEmptyStringIsTwoQuotes() {
        assertThat(JsonStrings.append(new StringBuilder(), "").toString()).isEqualTo("\"\"");
    }
}
