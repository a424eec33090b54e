package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RoundResultsTest {

    private static final long REQUESTS = 1_000_000;

    @Test
    void aRowIsTheMedianRoundAndItsRatiosAreTakenRoundByRound() {
        RoundResults rounds = new RoundResults();
        // round by round: vthread 13, 20, 11; undertow 12, 16, 8 -> ratios 1.083, 1.25, 1.375
        double[] vthread = {13, 20, 11};
        double[] undertow = {12, 16, 8};
        for (int i = 0; i < 3; i++) {
            rounds.add(window("vthread", vthread[i]));
            rounds.add(window("undertow", undertow[i]));
        }

        ScenarioResult row = rounds.summary("vthread", Scenario.PLAINTEXT, List.of("undertow"));

        assertThat(row.cpuMicrosPerRequest()).isCloseTo(13.0, within(1e-9));
        assertThat(row.notes()).containsExactly(
                "median of 3 rounds: CPU µs/req 11.0–20.0",
                "CPU vs undertow 1.25× (1.08–1.38, per round)");
        assertThat(row.cpuRatios().get("undertow")).hasSize(3)
                .satisfies(r -> assertThat(r.getFirst()).isCloseTo(13.0 / 12, within(1e-9)))
                .satisfies(r -> assertThat(r.getLast()).isCloseTo(11.0 / 8, within(1e-9)));
        ScenarioResult baseline = rounds.summary("undertow", Scenario.PLAINTEXT, List.of("undertow"));
        assertThat(baseline.cpuMicrosPerRequest()).isCloseTo(12.0, within(1e-9));
        assertThat(row.cpuMicrosPerRequest() / baseline.cpuMicrosPerRequest())
                .as("the median ratio pairs windows seconds apart; the ratio of the medians does not")
                .isCloseTo(1.083, within(0.001));
    }

    @Test
    void aBaselineIsNotComparedWithItselfAndFailedRoundsAreLeftOutAndCounted() {
        RoundResults rounds = new RoundResults();
        rounds.add(window("undertow", 12));
        rounds.add(ScenarioResult.failed("undertow", Scenario.PLAINTEXT, 50, "wrk failed"));
        rounds.add(window("undertow", 10));

        ScenarioResult row = rounds.summary("undertow", Scenario.PLAINTEXT, List.of("undertow", "helidon"));

        assertThat(row.ok()).isTrue();
        assertThat(row.cpuMicrosPerRequest()).as("the lower middle of an even count").isCloseTo(10.0, within(1e-9));
        assertThat(row.notes()).containsExactly("median of 2 rounds: CPU µs/req 10.0–12.0, 1 rounds failed");
        assertThat(rounds.summary("vthread", Scenario.PLAINTEXT, List.of("undertow"))).isNull();
    }

    @Test
    void aServerThatFailedEveryRoundKeepsItsFailure() {
        RoundResults rounds = new RoundResults();
        rounds.add(ScenarioResult.failed("reactor", Scenario.BYTES, 50, "the server exited"));

        ScenarioResult row = rounds.summary("reactor", Scenario.BYTES, List.of());

        assertThat(row.ok()).isFalse();
        assertThat(row.error()).isEqualTo("the server exited");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(RoundResults.median(List.of(1.0, 2.0, 4.0, 8.0))).isEqualTo(3.0);
        assertThat(RoundResults.median(List.of(0.9))).isEqualTo(0.9);
    }

    /** A window whose server used {@code cpuMicros} of CPU per request over a million requests. */
    private static ScenarioResult window(String target, double cpuMicros) {
        long ticks = Math.round(cpuMicros * REQUESTS / 1e6 * ProcessMetrics.TICKS_PER_SECOND);
        LoadResult load = new LoadResult(REQUESTS, 10, REQUESTS * 100, LoadResult.Errors.NONE, 300, 4000, 6000, 9000,
                "wrk");
        List<ProcessMetrics.Sample> start = List.of(new ProcessMetrics.Sample(1, "server", 0, 100_000));
        List<ProcessMetrics.Sample> end = List.of(new ProcessMetrics.Sample(1, "server", ticks, 100_000));
        return new ScenarioResult(target, Scenario.PLAINTEXT, 50, load, start, List.of(), start, end, 0, 0, 0, -1, -1,
                null, List.of(), Map.of(), List.of());
    }
}
