package io.loomicorn.bench.load;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one run produced, for the writers ({@link ResultTable}, {@link ResultJson},
 * {@link SvgChart}).
 *
 * @param started     when the run began
 * @param machine     the machine, with the load average at the start
 * @param loadAfter   the 1-minute load average at the end
 * @param generator   the load generator, e.g. {@code wrk 4.1.0 (1 thread)} or {@code java (closed loop)}
 * @param options     the options in force
 * @param targets     the servers, in order
 * @param boot        each server's processes right after it became ready, before any load
 * @param results     every scenario of every server
 * @param failures    servers that could not start, with the reason
 */
public record RunReport(Instant started, MachineInfo machine, double loadAfter, String generator,
                        BenchOptions options, List<String> targets, Map<String, List<ProcessMetrics.Sample>> boot,
                        List<ScenarioResult> results,
                        List<String> failures) {

    /**
     * Returns the result for a server and a scenario, or null.
     *
     * @param target   the server
     * @param scenario the scenario
     * @return the result or null
     */
    public ScenarioResult find(String target, Scenario scenario) {
        for (ScenarioResult r : results) {
            if (r.target().equals(target) && r.scenario() == scenario) {
                return r;
            }
        }
        return null;
    }
}
