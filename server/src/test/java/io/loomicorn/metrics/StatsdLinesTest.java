package io.loomicorn.metrics;

import io.loomicorn.config.StatsdAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * statsd lines as gunicorn's {@code instrument/statsd.py} builds them. The expected values
 * were printed by Python 3 with gunicorn's expressions (the prefix rule
 * {@code re.sub(r"^(.+[^.]+)\.*$", "\g<1>.", prefix)}, and
 * {@code seconds * 1000 + float(microseconds) / 10 ** 3}).
 */
class StatsdLinesTest {

    @ParameterizedTest
    @CsvSource(value = {"'',''", "a,a", "a.,a.", "app,app.", "app.,app.", "app...,app.", "a.b,a.b.", ".x,.x.", "x.y.,x.y."})
    void thePrefixGetsItsDotByGunicornsRule(String prefix, String applied) {
        assertThat(new StatsdLines(prefix, "").prefix()).isEqualTo(applied);
    }

    @ParameterizedTest
    @CsvSource({"0,0.0", "1,0.001", "250,0.25", "1500,1.5", "12000,12.0", "1000000,1000.0", "123456789,123456.789"})
    void millisecondsAreWrittenAsPythonWritesTheFloat(int micros, String text) {
        assertThat(StatsdLines.milliseconds(micros)).isEqualTo(text);
    }

    @Test
    void countersGaugesAndTimersHaveGunicornsShapeAndTags() {
        StatsdLines lines = new StatsdLines("shop", "env:prod,app:shop");
        assertThat(lines.counter("gunicorn.requests", 3)).isEqualTo("shop.gunicorn.requests:3|c|@1.0|#env:prod,app:shop");
        assertThat(lines.gauge("gunicorn.workers", 0)).isEqualTo("shop.gunicorn.workers:0|g|#env:prod,app:shop");
        assertThat(lines.timer("gunicorn.request.duration", 1500))
                .isEqualTo("shop.gunicorn.request.duration:1.5|ms|#env:prod,app:shop");
        assertThat(new StatsdLines("", "").counter("gunicorn.request.status.200", 1))
                .isEqualTo("gunicorn.request.status.200:1|c|@1.0");
    }

    @Test
    void aTurnSendsWhatChangedSinceTheLastUnderGunicornsNames() {
        MetricsLedger ledger = new MetricsLedger();
        WorkerMetrics memory = WorkerMetrics.inMemory();
        ledger.started(10, memory);
        MasterView view = new MasterView(1, "test", 0, 0, 0, 2, false, false,
                List.of(new MasterView.Worker(0, 10, 1, 0, "ready", 0)), List.of(), Map.of());
        List<byte[]> sent = new ArrayList<>();
        StatsdReporter reporter = new StatsdReporter(ledger, () -> view, new StatsdLines("", ""), new StatsdReporter.Sink() {
            @Override
            public void send(byte[] datagram) {
                sent.add(datagram);
            }

            @Override
            public void close() {
            }
        }, "test");
        SharedRequestMetrics metrics = new SharedRequestMetrics(memory);
        metrics.requestDone("GET", 200, TimeUnit.MICROSECONDS.toNanos(1200));
        metrics.requestDone("GET", 200, TimeUnit.MICROSECONDS.toNanos(800));
        metrics.requestDone("GET", 404, TimeUnit.MICROSECONDS.toNanos(300));
        metrics.logged(1);

        assertThat(reporter.collect()).containsExactly("gunicorn.requests:3|c|@1.0", "gunicorn.request.status.200:2|c|@1.0",
                "gunicorn.request.status.404:1|c|@1.0", "gunicorn.log.error:1|c|@1.0", "gunicorn.workers:1|g");
        assertThat(reporter.collect()).as("durations arrive one turn late; nothing else changed")
                .containsExactly("gunicorn.request.duration:1.2|ms", "gunicorn.request.duration:0.8|ms",
                        "gunicorn.request.duration:0.3|ms");
        assertThat(reporter.collect()).isEmpty();
    }

    @Test
    void linesArePackedIntoDatagramsThatFitAnEthernetFrame() {
        MetricsLedger ledger = new MetricsLedger();
        WorkerMetrics memory = WorkerMetrics.inMemory();
        ledger.started(10, memory);
        MasterView view = new MasterView(1, "test", 0, 0, 0, 1, false, false, List.of(), List.of(), Map.of());
        List<String> sent = new ArrayList<>();
        StatsdReporter reporter = new StatsdReporter(ledger, () -> view, new StatsdLines("", ""), new StatsdReporter.Sink() {
            @Override
            public void send(byte[] datagram) {
                sent.add(new String(datagram));
            }

            @Override
            public void close() {
            }
        }, "test");
        reporter.flush();
        for (int i = 0; i < 500; i++) {
            new SharedRequestMetrics(memory).requestDone("GET", 200, 1_000_000);
        }
        reporter.flush();
        reporter.flush();
        assertThat(sent).allMatch(d -> d.length() <= StatsdReporter.MAX_DATAGRAM);
        long timers = sent.stream().flatMap(d -> d.lines()).filter(l -> l.startsWith("gunicorn.request.duration:1.0|ms")).count();
        assertThat(timers).isEqualTo(500);
    }

    @ParameterizedTest
    @CsvSource(value = {"localhost:9125,localhost,9125,", "statsd,statsd,8125,", "[::1]:9125,::1,9125,",
        "unix:/run/statsd.sock,,0,/run/statsd.sock", "unix:///run/statsd.sock,,0,/run/statsd.sock"})
    void statsdHostIsReadAsGunicornReadsIt(String text, String host, int port, String path) {
        assertThat(StatsdAddress.parse(text)).isEqualTo(new StatsdAddress(host, port, path));
    }

    @Test
    void aBadStatsdHostSaysWhy() {
        assertThatThrownBy(() -> StatsdAddress.parse("localhost:99999")).hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> StatsdAddress.parse("::1:9125")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> StatsdAddress.parse("unix:")).hasMessageContaining("path");
    }
}
