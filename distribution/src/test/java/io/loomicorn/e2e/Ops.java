package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers of the operations tests (issue 15): the admin endpoint's address, {@code curl},
 * {@code promtool}, and reading the Prometheus text.
 */
final class Ops {

    private static final Pattern ADMIN = Pattern.compile("Admin endpoint at: (http://\\S+|unix:\\S+)");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$");

    private Ops() {
    }

    /** Waits for the master's "Admin endpoint at:" line and returns the URL. */
    static String adminUrl(LoomicornProcess m) {
        Matcher matcher = ADMIN.matcher(m.awaitLog(l -> ADMIN.matcher(l).find(), Duration.ofSeconds(60)));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** The output of a program, and its exit code. */
    record Run(int code, String out, String err) {
    }

    /** Runs a program to its end (at most a minute). */
    static Run run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[][] out = new byte[2][];
        Thread errReader = Thread.ofVirtual().start(() -> {
            try {
                out[1] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                out[1] = new byte[0];
            }
        });
        out[0] = p.getInputStream().readAllBytes();
        errReader.join();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(p.exitValue(), new String(out[0], StandardCharsets.UTF_8), new String(out[1], StandardCharsets.UTF_8));
    }

    /** {@code curl -s -i URL}: the status line, headers and body, as curl saw them. */
    static Run curl(String url, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "20"));
        cmd.addAll(List.of(options));
        cmd.add(url);
        return run(cmd, null);
    }

    /** The status code in curl's {@code -i} output. */
    static int status(Run curl) {
        String first = curl.out().lines().findFirst().orElse("");
        assertThat(first).as("curl's status line (stderr: %s)", curl.err()).startsWith("HTTP/1.1 ");
        return Integer.parseInt(first.substring(9, 12));
    }

    /** The body in curl's {@code -i} output. */
    static String body(Run curl) {
        int end = curl.out().indexOf("\r\n\r\n");
        return end < 0 ? "" : curl.out().substring(end + 4);
    }

    /** Scrapes {@code /metrics} with curl, checks it with {@code promtool check metrics}, and returns the samples. */
    static Map<String, Double> scrape(String admin) throws IOException, InterruptedException {
        Run r = curl(admin + "/metrics");
        assertThat(status(r)).isEqualTo(200);
        String text = body(r);
        Run check = run(List.of("promtool", "check", "metrics"), text);
        assertThat(check.code()).as("promtool check metrics: %s%s", check.out(), check.err()).isZero();
        return samples(text);
    }

    /** Parses the text format's samples: {@code name{labels}} to value. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: %s", line).isTrue();
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    /** Waits until a condition holds, polling. */
    static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what, last);
    }

    /** A check that throws an {@link AssertionError} until it holds. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }
}
