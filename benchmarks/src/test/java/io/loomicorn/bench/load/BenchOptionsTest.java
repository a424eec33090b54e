package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void defaultsRunEveryScenarioWithTheIssueConnectionCounts() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.scenarios()).containsExactly(Scenario.values());
        assertThat(o.activeConnections(Scenario.PLAINTEXT)).isEqualTo(50);
        assertThat(o.activeConnections(Scenario.SLEEP)).isEqualTo(1000);
        assertThat(o.idleConnections(Scenario.IDLE)).isEqualTo(10_000);
        assertThat(o.idleConnections(Scenario.PLAINTEXT)).isZero();
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.load()).isEqualTo(BenchOptions.LoadChoice.AUTO);
        assertThat(o.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(o.rounds()).as("one window per server and scenario").isEqualTo(1);
        assertThat(BenchOptions.parse("--rounds", "3").rounds()).isEqualTo(3);
        assertThat(BenchOptions.parse("--rounds=5").rounds()).isEqualTo(5);
    }

    @Test
    void theIdleScenarioRunsOnAServerOfItsOwnAfterTheOthersShareOne() {
        assertThat(BenchRunner.serverRuns(BenchOptions.parse())).containsExactly(
                java.util.List.of(Scenario.PLAINTEXT, Scenario.PLAINTEXT_CLOSE, Scenario.SLEEP, Scenario.SPIN, Scenario.BYTES),
                java.util.List.of(Scenario.IDLE));
        assertThat(BenchRunner.serverRuns(BenchOptions.parse("--scenarios", "idle-keepalive,plaintext")))
                .containsExactly(java.util.List.of(Scenario.PLAINTEXT), java.util.List.of(Scenario.IDLE));
        assertThat(BenchRunner.serverRuns(BenchOptions.parse("--scenarios", "idle-keepalive")))
                .containsExactly(java.util.List.of(Scenario.IDLE));
    }

    @Test
    void baselinesAreOffUnlessAskedForEachOnItsOwn() {
        BenchOptions none = BenchOptions.parse();
        assertThat(none.withUndertow()).isFalse();
        assertThat(none.withHelidon()).isFalse();
        BenchOptions helidon = BenchOptions.parse("--with-helidon");
        assertThat(helidon.withHelidon()).isTrue();
        assertThat(helidon.withUndertow()).isFalse();
        BenchOptions both = BenchOptions.parse("--with-undertow", "--with-helidon");
        assertThat(both.withUndertow()).isTrue();
        assertThat(both.withHelidon()).isTrue();
        assertThat(both.withUndertowPair()).isFalse();
        BenchOptions pair = BenchOptions.parse("--with-undertow-pair");
        assertThat(pair.withUndertowPair()).isTrue();
        assertThat(pair.withUndertow()).isFalse();
    }

    @Test
    void quickShortensWindowsAndConnectionsButFlagsStillWin() {
        BenchOptions o = BenchOptions.parse("--quick", "--duration", "1500ms", "--idle-connections=200");
        assertThat(o.quick()).isTrue();
        assertThat(o.duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(o.serverWarmup()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.warmup()).isZero();
        assertThat(o.idleConnections()).isEqualTo(200);
        assertThat(o.sleepConnections()).isEqualTo(200);
    }

    @Test
    void workerJvmArgsReachEveryLoomicornServerAsOneSetting() {
        assertThat(BenchRunner.loomicornArgs(BenchOptions.parse())).noneMatch(a -> a.startsWith("--worker-jvm-args"));
        BenchOptions o = BenchOptions.parse("--worker-jvm-args", "-XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10");
        assertThat(BenchRunner.loomicornArgs(o)).endsWith("--worker-jvm-args=-XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10");
    }

    @Test
    void listsAreDeduplicatedAndScenariosNamed() {
        BenchOptions o = BenchOptions.parse("-k", "vthread,sync,vthread", "--scenarios", "spin-1ms,plaintext,spin-1ms");
        assertThat(o.classes()).containsExactly("vthread", "sync");
        assertThat(o.scenarios()).containsExactly(Scenario.SPIN, Scenario.PLAINTEXT);
    }

    @Test
    void rateSelectsTheJavaGeneratorAndIsRefusedForWrk() {
        assertThat(BenchOptions.parse("--rate", "1000").load()).isEqualTo(BenchOptions.LoadChoice.JAVA);
        assertThatThrownBy(() -> BenchOptions.parse("--load", "wrk", "--rate", "1000"))
                .hasMessageContaining("--load java");
    }

    @Test
    void badArgumentsGetOneLine() {
        assertThatThrownBy(() -> BenchOptions.parse("--scenarios", "nope")).hasMessageContaining("known: plaintext");
        assertThatThrownBy(() -> BenchOptions.parse("--duration", "soon")).hasMessageContaining("10s");
        assertThatThrownBy(() -> BenchOptions.parse("--connections", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchOptions.parse("--rounds", "0")).hasMessage("--rounds must be a positive integer, not '0'");
        assertThatThrownBy(() -> BenchOptions.parse("--frobnicate")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> BenchOptions.parse("--load")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--help")).isInstanceOf(BenchOptions.HelpRequested.class);
    }

    @Test
    void durationsTakeUnits() {
        assertThat(BenchOptions.duration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchOptions.duration("x", "2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(BenchOptions.duration("x", "7")).isEqualTo(Duration.ofSeconds(7));
    }
}
