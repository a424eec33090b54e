package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpuExpressionTest {

    @ParameterizedTest(name = "{0} with {1} CPUs = {2}")
    @CsvSource(delimiter = ';', value = {
            "2*cpu+1; 4; 9",
            "cpu; 4; 4",
            "cpu/2; 4; 2",
            "cpu/2; 3; 1",          // 1.5 floored
            "cpu/3; 1; 1",          // 0.33 floored to 0, then at least 1
            "cpu - 10; 4; 1",       // negative, then at least 1
            "(cpu+1)*2; 4; 10",
            "7/2*2; 1; 7",          // exact fractions: 3.5 * 2, not 3 * 2
            "2 * cpu + 1; 8; 17",
            "CPU*2; 2; 4",
            "1+2*3; 1; 7",          // precedence
            "(1+2)*3; 1; 9",
            "10-2-3; 1; 5",         // left associative
            "cpu/2/2; 16; 4",
            "cpu/(cpu-1); 2; 2",
    })
    void evaluates(String expression, int cpus, int expected) {
        assertThat(CpuExpression.evaluate(expression, cpus)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2**cpu", "cpu(", "(cpu", ")", "cpu+", "-cpu", "cpu cpu", "2x", "cpu/0",
            "cpu/(cpu-cpu)", "99999999999999999999*cpu", "9223372036854775807*cpu*2"})
    void refuses(String expression) {
        assertThatThrownBy(() -> CpuExpression.evaluate(expression, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CPU expression");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "cpu/0; division by zero",
            "cpu+; ends too early",
            "(cpu; missing ')'",
            "2x; unexpected 'x' at position 2",
    })
    void explainsWhatIsWrong(String expression, String reason) {
        assertThatThrownBy(() -> CpuExpression.evaluate(expression, 4)).hasMessageContaining(reason);
    }

    @org.junit.jupiter.api.Test
    void refusesVeryLongInput() {
        assertThatThrownBy(() -> CpuExpression.evaluate("cpu+".repeat(40) + "1", 4))
                .hasMessageContaining("longer than 100");
    }
}
