package io.loomicorn.bench.parser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every benchmark input must parse as valid with both parsers, or the benchmark measures an error path. */
class ParserInputTest {

    @ParameterizedTest
    @EnumSource(ParserInput.class)
    void inputParsesAsValidWithBothParsers(ParserInput input) {
        ParserRunner runner = new ParserRunner(input);
        try {
            runner.verify(input, System.out::println);
            // twice: the parser is reused across operations like a connection
            runner.verify(input, line -> { });
        } finally {
            runner.close();
        }
        if (input == ParserInput.BROWSER_GET) {
            assertThat(input.bytes()).hasSizeBetween(650, 750);
        }
    }
}
