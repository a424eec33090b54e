package io.loomicorn.bench.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The windows of a run with {@code --rounds N}: every server measured once per round and
 * scenario, the servers' windows back to back within a round. A single 10 s window moves
 * by ±20% on a shared 2-core machine; windows minutes apart drift further. Each server's
 * row is its median round, and each ratio to a baseline is taken round by round, from
 * windows seconds apart, so that the machine's drift hits both sides alike.
 */
final class RoundResults {

    private final Map<String, List<ScenarioResult>> windows = new LinkedHashMap<>();

    /**
     * Records one round's window.
     *
     * @param result the window's result
     */
    void add(ScenarioResult result) {
        windows.computeIfAbsent(key(result.target(), result.scenario()), k -> new ArrayList<>()).add(result);
    }

    /**
     * The result that stands for a server in a scenario: the round with the median CPU per
     * request (the lower middle one for an even count), with notes giving the rounds'
     * range and, for each baseline, the median and range of the per-round CPU ratios.
     *
     * @param target    the server
     * @param scenario  the scenario
     * @param baselines the servers to compare with (those equal to {@code target} are skipped)
     * @return the representative result, or null when the server never ran the scenario
     */
    ScenarioResult summary(String target, Scenario scenario, List<String> baselines) {
        List<ScenarioResult> rounds = windows.get(key(target, scenario));
        if (rounds == null || rounds.isEmpty()) {
            return null;
        }
        List<ScenarioResult> measured = rounds.stream().filter(RoundResults::measured)
                .sorted(Comparator.comparingDouble(ScenarioResult::cpuMicrosPerRequest)).toList();
        if (measured.isEmpty()) {
            return rounds.getFirst();
        }
        ScenarioResult median = measured.get((measured.size() - 1) / 2);
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "median of %d rounds: CPU µs/req %s–%s%s", measured.size(),
                Format.oneDecimal(measured.getFirst().cpuMicrosPerRequest()),
                Format.oneDecimal(measured.getLast().cpuMicrosPerRequest()),
                measured.size() < rounds.size() ? ", " + (rounds.size() - measured.size()) + " rounds failed" : ""));
        Map<String, List<Double>> byBaseline = new LinkedHashMap<>();
        for (String baseline : baselines) {
            if (!baseline.equals(target)) {
                List<Double> ratios = ratios(rounds, windows.get(key(baseline, scenario)));
                if (!ratios.isEmpty()) {
                    byBaseline.put(baseline, List.copyOf(ratios));
                    notes.add(String.format(Locale.ROOT, "CPU vs %s %.2f× (%.2f–%.2f, per round)", baseline,
                            median(ratios), ratios.getFirst(), ratios.getLast()));
                }
            }
        }
        return median.withNotes(notes).withCpuRatios(byBaseline);
    }

    /**
     * The per-round ratios of CPU per request, sorted, over the rounds both sides measured.
     *
     * @param target   the server's rounds, in round order
     * @param baseline the baseline's rounds, in round order, or null
     * @return the ratios, ascending
     */
    static List<Double> ratios(List<ScenarioResult> target, List<ScenarioResult> baseline) {
        List<Double> ratios = new ArrayList<>();
        if (baseline == null) {
            return ratios;
        }
        for (int i = 0; i < Math.min(target.size(), baseline.size()); i++) {
            ScenarioResult t = target.get(i);
            ScenarioResult b = baseline.get(i);
            if (measured(t) && measured(b) && b.cpuMicrosPerRequest() > 0) {
                ratios.add(t.cpuMicrosPerRequest() / b.cpuMicrosPerRequest());
            }
        }
        ratios.sort(null);
        return ratios;
    }

    /**
     * The median of sorted values (the mean of the two middle ones for an even count).
     *
     * @param sorted ascending values, at least one
     * @return the median
     */
    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static boolean measured(ScenarioResult r) {
        return r.ok() && !Double.isNaN(r.cpuMicrosPerRequest());
    }

    private static String key(String target, Scenario scenario) {
        return target + "\u0000" + scenario.id();
    }
}
