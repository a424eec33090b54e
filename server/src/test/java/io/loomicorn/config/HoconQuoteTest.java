package io.loomicorn.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Loomicorn's own string literals are typesafe-config's, and read back to the same string. */
class HoconQuoteTest {

    @Test
    void everyCharacterIsWrittenAsTypesafeConfigWritesIt() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String text = "a" + (char) c + "z";
            assertThat(HoconValues.quote(text)).as("U+%04X", c)
                    .isEqualTo(ConfigValueFactory.fromAnyRef(text).render(ConfigRenderOptions.concise()));
        }
    }

    @Test
    void aQuotedStringReadsBackWhole() {
        String text = "C:\\path \"quoted\"\n\t\b\f\r\u0000\u001f\u007f é \u2028 \ud83d\ude00";
        assertThat(ConfigFactory.parseString("v = " + HoconValues.quote(text)).getString("v")).isEqualTo(text);
        assertThat(HoconValues.quote("")).isEqualTo("\"\"");
    }
}
