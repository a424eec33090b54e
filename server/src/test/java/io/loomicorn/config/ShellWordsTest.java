package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void splitsOnWhitespace() {
        assertThat(ShellWords.split("  -w 4\t--reload\n-b  a ")).containsExactly("-w", "4", "--reload", "-b", "a");
    }

    @Test
    void emptyAndBlankGiveNoWords() {
        assertThat(ShellWords.split("")).isEmpty();
        assertThat(ShellWords.split("   ")).isEmpty();
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertThat(ShellWords.split("'%(h)s \"%(r)s\" \\n'")).containsExactly("%(h)s \"%(r)s\" \\n");
    }

    @Test
    void doubleQuotesKeepSpacesAndLetBackslashEscapeQuotes() {
        assertThat(ShellWords.split("--worker-jvm-args=\"-Xmx64m -Dname=\\\"x y\\\"\""))
                .containsExactly("--worker-jvm-args=-Xmx64m -Dname=\"x y\"");
    }

    @Test
    void insideDoubleQuotesOtherBackslashesStay() {
        assertThat(ShellWords.split("\"a\\nb\"")).containsExactly("a\\nb");
    }

    @Test
    void backslashOutsideQuotesEscapesAnyCharacter() {
        assertThat(ShellWords.split("a\\ b c\\'d")).containsExactly("a b", "c'd");
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() {
        assertThat(ShellWords.split("--server-header ''")).isEqualTo(List.of("--server-header", ""));
    }

    @Test
    void adjacentPartsJoin() {
        assertThat(ShellWords.split("a'b c'\"d e\"f")).containsExactly("ab cd ef");
    }

    @Test
    void refusesUnterminatedQuotesAndTrailingBackslash() {
        assertThatThrownBy(() -> ShellWords.split("'abc")).hasMessage("unterminated single quote");
        assertThatThrownBy(() -> ShellWords.split("\"abc")).hasMessage("unterminated double quote");
        assertThatThrownBy(() -> ShellWords.split("abc\\")).hasMessage("lone backslash at the end");
    }
}
