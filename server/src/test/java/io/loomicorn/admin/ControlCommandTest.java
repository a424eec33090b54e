package io.loomicorn.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control socket's commands, and the signals the actions stand for. */
class ControlCommandTest {

    @Test
    void commandsParseToTheSignalsTheyStandFor() {
        assertThat(ControlCommand.parse("status")).isEqualTo(new ControlCommand.Status());
        assertThat(ControlCommand.parse(" workers ")).isEqualTo(new ControlCommand.Workers());
        assertThat(((ControlCommand.Action) ControlCommand.parse("add 3")).signals()).containsExactly("TTIN", "TTIN", "TTIN");
        assertThat(((ControlCommand.Action) ControlCommand.parse("add")).signals()).containsExactly("TTIN");
        assertThat(((ControlCommand.Action) ControlCommand.parse("remove 2")).signals()).containsExactly("TTOU", "TTOU");
        assertThat(((ControlCommand.Action) ControlCommand.parse("reload")).signals()).isEqualTo(List.of("HUP"));
        assertThat(((ControlCommand.Action) ControlCommand.parse("reopen-logs")).signals()).isEqualTo(List.of("USR1"));
        assertThat(((ControlCommand.Action) ControlCommand.parse("stop")).signals()).isEqualTo(List.of("INT"));
        assertThat(((ControlCommand.Action) ControlCommand.parse("stop --graceful")).signals()).isEqualTo(List.of("TERM"));
    }

    @Test
    void anUnknownCommandListsTheKnownOnesInOneLine() {
        assertThatThrownBy(() -> ControlCommand.parse("restart"))
                .hasMessage("unknown command 'restart'; commands: " + ControlCommand.USAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"add 0", "add -1", "add two", "remove 1001", "add 1 2"})
    void aBadCountIsRefused(String line) {
        assertThatThrownBy(() -> ControlCommand.parse(line)).hasMessageContaining("one count from 1 to 1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status now", "stop --now", "reload please"})
    void unexpectedArgumentsAreRefused(String line) {
        assertThatThrownBy(() -> ControlCommand.parse(line)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReadinessShareRoundsUpAndNeedsAtLeastOneWorker() {
        assertThat(AdminApp.needed(4, 50)).isEqualTo(2);
        assertThat(AdminApp.needed(3, 50)).isEqualTo(2);
        assertThat(AdminApp.needed(4, 100)).isEqualTo(4);
        assertThat(AdminApp.needed(4, 0)).isEqualTo(1);
        assertThat(AdminApp.needed(1, 10)).isEqualTo(1);
    }
}
