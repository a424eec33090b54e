package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code benchmarks/run --quick --load java} for real: every worker class of the
 * assembled distribution (sync and vthread at least; reactor when it is there), every
 * scenario, real master and worker processes on loopback. Checks that the table, the
 * JSON and the chart are written and that the numbers are sane. Needs
 * {@code distribution/target/loomicorn/lib}, which the reactor build assembles before
 * this module.
 */
class BenchRunnerQuickTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void quickRunWithTheJavaGeneratorProducesTableJsonAndChart(@TempDir Path out) throws Exception {
        Path root = BenchRunner.projectRoot(BenchOptions.parse());
        Path lib = root.resolve("distribution/target/loomicorn/lib");
        assertThat(lib).as("the assembled distribution (./mvnw -pl distribution -am package)").isDirectory();
        List<String> classes = WorkerClassDiscovery.find(lib);
        assertThat(classes).contains("sync", "vthread");

        // --quick with 1 s windows: the test checks the machinery, not the numbers.
        BenchOptions options = BenchOptions.parse("--quick", "--duration", "1s", "--load", "java",
                "--out", out.toString(), "--root", root.toString());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        long start = System.nanoTime();
        BenchRunner.Outcome outcome = BenchRunner.execute(options, new PrintStream(console, true, StandardCharsets.UTF_8));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        String log = console.toString(StandardCharsets.UTF_8);

        assertThat(outcome.exitCode()).as(log).isZero();
        RunReport report = outcome.report();
        assertThat(report.targets()).containsExactlyElementsOf(classes);
        assertThat(report.results()).hasSize(classes.size() * Scenario.values().length);
        assertThat(report.boot().keySet()).containsExactlyElementsOf(classes);
        report.boot().values().forEach(samples -> assertThat(samples).hasSizeGreaterThanOrEqualTo(2));
        for (ScenarioResult r : report.results()) {
            String what = r.target() + " " + r.scenario().id() + ": " + r;
            assertThat(r.ok()).as(what).isTrue();
            LoadResult l = r.load();
            assertThat(l.generator()).isEqualTo("java");
            assertThat(l.requestsPerSecond()).as(what).isGreaterThan(0);
            assertThat(l.p50Micros()).as(what).isPositive().isLessThanOrEqualTo(l.p99Micros());
            assertThat(l.p99Micros()).as(what).isLessThanOrEqualTo(l.p999Micros());
            assertThat(l.errors().total()).as(what).isLessThan(l.requests());
            assertThat(r.cpuMicrosPerRequest()).as(what).isPositive().isLessThan(1_000_000.0);
            assertThat(r.after()).as(what).hasSizeGreaterThanOrEqualTo(2); // master and workers
            assertThat(r.rssBeforeKib()).as(what).isPositive();
            assertThat(r.rssAfterKib()).as(what).isPositive();
        }
        ScenarioResult idle = report.find("vthread", Scenario.IDLE);
        assertThat(idle.idleWanted()).isEqualTo(options.idleConnections());
        assertThat(idle.idleHeld()).as("vthread keeps idle keep-alive connections").isPositive();
        ScenarioResult plaintext = report.find("vthread", Scenario.PLAINTEXT);
        if (options.workers() >= 2) {
            assertThat(plaintext.connectionsPerWorker()).as("counted halfway through the window")
                    .hasSize(options.workers());
            assertThat(plaintext.connectionsPerWorker().stream().mapToInt(Integer::intValue).sum())
                    .as("the load's connections, each held by one worker")
                    .isPositive().isLessThanOrEqualTo(options.connections());
        }
        assertThat(idle.connectionsPerWorker()).as("not counted with idle connections open").isEmpty();

        Path dir = outcome.directory();
        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("| scenario | class | conns | req/s |", "server CPU µs/req", "chart.svg",
                "RSS right after boot");
        for (String c : classes) {
            for (Scenario s : Scenario.values()) {
                assertThat(md).contains("| " + s.id() + " | " + c + " | ");
            }
        }

        String json = Files.readString(dir.resolve("results.json"));
        assertThat(json.strip()).startsWith("{").endsWith("}");
        assertThat(count(json, "\"requestsPerSecond\": ")).isEqualTo(report.results().size());
        Matcher rps = Pattern.compile("\"requestsPerSecond\": ([0-9.]+)").matcher(json);
        while (rps.find()) {
            assertThat(Double.parseDouble(rps.group(1))).isPositive();
        }
        assertThat(json).doesNotContain("NaN", "Infinity");

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("chart.svg").toFile());
        assertThat(svg.getDocumentElement().getNodeName()).isEqualTo("svg");
        // one titled bar per server, scenario and figure (req/s, p99, CPU)
        assertThat(svg.getElementsByTagName("title").getLength()).isEqualTo(3 * report.results().size());

        assertThat(log).contains("Results: ", "done");
        System.out.println("quick benchmark run took " + seconds + " s\n" + ResultTable.table(report));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void roundsKeepEveryServerUpAlternateTheirWindowsAndReportTheMedianRound(@TempDir Path out) throws Exception {
        Path root = BenchRunner.projectRoot(BenchOptions.parse());
        BenchOptions options = BenchOptions.parse("--quick", "--duration", "1s", "--load", "java", "-k", "sync,vthread",
                "--scenarios", "plaintext,idle-keepalive", "--rounds", "3", "--out", out.toString(),
                "--root", root.toString());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        BenchRunner.Outcome outcome = BenchRunner.execute(options, new PrintStream(console, true, StandardCharsets.UTF_8));
        String log = console.toString(StandardCharsets.UTF_8);

        assertThat(outcome.exitCode()).as(log).isZero();
        RunReport report = outcome.report();
        assertThat(report.results()).as("one row per server and scenario").hasSize(4);
        for (String target : List.of("sync", "vthread")) {
            ScenarioResult plaintext = report.find(target, Scenario.PLAINTEXT);
            assertThat(plaintext.ok()).as(log).isTrue();
            assertThat(plaintext.notes()).as(log).anyMatch(n -> n.startsWith("median of 3 rounds: CPU µs/req "));
            ScenarioResult idle = report.find(target, Scenario.IDLE);
            assertThat(idle.notes()).as("idle connections need a fresh server: one window").noneMatch(n -> n.contains("rounds"));
        }
        // sync,vthread in round 1, vthread,sync in round 2: the order turns
        Matcher order = Pattern.compile("round (\\d)/3 +(\\w+) +plaintext").matcher(log);
        StringBuilder seen = new StringBuilder();
        while (order.find()) {
            seen.append(order.group(1)).append(order.group(2)).append(' ');
        }
        assertThat(seen.toString().strip()).isEqualTo("1sync 1vthread 2vthread 2sync 3sync 3vthread");
        assertThat(Files.readString(outcome.directory().resolve("results.md")))
                .contains("3 rounds of the scenarios without idle connections", "median of 3 rounds");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
