package io.loomicorn.metrics;

import io.loomicorn.http.parser.ParseError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Counting into worker memory, and the master's sums across workers that come and go. */
class MetricsLedgerTest {

    private final MetricsLedger ledger = new MetricsLedger();

    @Test
    void aRequestIsCountedByMethodClassStatusClassExactStatusAndDurationBucket() {
        WorkerMetrics memory = WorkerMetrics.inMemory();
        SharedRequestMetrics metrics = new SharedRequestMetrics(memory);
        metrics.requestDone("GET", 200, TimeUnit.MICROSECONDS.toNanos(700));
        metrics.requestDone("PROPFIND", 404, TimeUnit.MILLISECONDS.toNanos(30));
        metrics.requestDone("POST", 503, TimeUnit.SECONDS.toNanos(90));

        assertThat(memory.get(MetricsLayout.requests(0, 1))).isEqualTo(1);
        assertThat(memory.get(MetricsLayout.requests(7, 3))).as("other, 4xx").isEqualTo(1);
        assertThat(memory.get(MetricsLayout.requests(2, 4))).isEqualTo(1);
        assertThat(memory.get(MetricsLayout.STATUS + 100)).isEqualTo(1);
        assertThat(memory.get(MetricsLayout.STATUS + 304)).isEqualTo(1);
        assertThat(memory.get(MetricsLayout.DURATION_BUCKETS)).as("<= 1 ms").isEqualTo(1);
        assertThat(memory.get(MetricsLayout.DURATION_BUCKETS + 5)).as("<= 50 ms").isEqualTo(1);
        assertThat(memory.get(MetricsLayout.DURATION_BUCKETS + MetricsLayout.DURATION_BOUNDS.length)).as("+Inf").isEqualTo(1);
        assertThat(memory.get(MetricsLayout.DURATION_SUM_NANOS))
                .isEqualTo(TimeUnit.MICROSECONDS.toNanos(700) + TimeUnit.MILLISECONDS.toNanos(30) + TimeUnit.SECONDS.toNanos(90));
    }

    @Test
    void gaugesGoUpAndDown() {
        WorkerMetrics memory = WorkerMetrics.inMemory();
        SharedRequestMetrics metrics = new SharedRequestMetrics(memory);
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.exchangeStarted();
        metrics.connectionClosed();
        metrics.idleConnections(7);
        assertThat(memory.get(MetricsLayout.OPEN_CONNECTIONS)).isEqualTo(1);
        assertThat(memory.get(MetricsLayout.IN_FLIGHT)).isEqualTo(1);
        assertThat(memory.get(MetricsLayout.IDLE_CONNECTIONS)).isEqualTo(7);
        metrics.exchangeEnded();
        assertThat(memory.get(MetricsLayout.IN_FLIGHT)).isZero();
    }

    @Test
    void countersOfAWorkerThatExitedStayInTheTotalWhileItsGaugesLeaveIt() {
        WorkerMetrics a = WorkerMetrics.inMemory();
        WorkerMetrics b = WorkerMetrics.inMemory();
        ledger.started(1, a);
        ledger.started(2, b);
        new SharedRequestMetrics(a).requestDone("GET", 200, 1000);
        new SharedRequestMetrics(a).requestDone("GET", 200, 1000);
        new SharedRequestMetrics(a).parseError(ParseError.Kind.MISSING_HOST);
        new SharedRequestMetrics(a).exchangeStarted(); // it dies in the middle of a request
        new SharedRequestMetrics(b).requestDone("GET", 200, 1000);
        int twoXx = MetricsLayout.requests(0, 1);
        assertThat(ledger.totals().get(twoXx)).isEqualTo(3);
        assertThat(ledger.totals().get(MetricsLayout.IN_FLIGHT)).isEqualTo(1);

        ledger.exited(1, ExitCause.CRASH);
        a.close();

        MetricsLedger.Totals after = ledger.totals();
        assertThat(after.get(twoXx)).isEqualTo(3);
        assertThat(after.get(MetricsLayout.PARSE + ParseError.Kind.MISSING_HOST.ordinal())).isEqualTo(1);
        assertThat(after.get(MetricsLayout.IN_FLIGHT)).as("a gauge counts live workers only").isZero();
        assertThat(after.exits()[ExitCause.CRASH.ordinal()]).isEqualTo(1);
        assertThat(ledger.worker(1)).isNull();
        assertThat(ledger.worker(2)[twoXx]).isEqualTo(1);
    }

    @Test
    void totalsNeverGoDownAcrossManyRecycles() {
        long previous = 0;
        for (int pid = 1; pid <= 25; pid++) {
            WorkerMetrics memory = WorkerMetrics.inMemory();
            ledger.started(pid, memory);
            for (int i = 0; i < pid; i++) {
                new SharedRequestMetrics(memory).requestDone("GET", 200, 1000);
                long total = ledger.totals().get(MetricsLayout.requests(0, 1));
                assertThat(total).isGreaterThan(previous);
                previous = total;
            }
            ledger.exited(pid, ExitCause.RECYCLED);
            memory.close();
            assertThat(ledger.totals().get(MetricsLayout.requests(0, 1))).isEqualTo(previous);
        }
        assertThat(previous).isEqualTo(25 * 26 / 2);
        assertThat(ledger.totals().exits()[ExitCause.RECYCLED.ordinal()]).isEqualTo(25);
    }

    @Test
    void theMastersOwnLogMessagesAddToTheWorkers() {
        WorkerMetrics memory = WorkerMetrics.inMemory();
        ledger.started(1, memory);
        new SharedRequestMetrics(memory).logged(1);
        ledger.logged(1);
        ledger.logged(2);
        assertThat(ledger.totals().log()).containsExactly(0, 2, 1, 0);
    }

    @Test
    void bootsAreCountedWithTheirDurations() {
        ledger.booted(TimeUnit.MILLISECONDS.toNanos(400));
        ledger.booted(TimeUnit.SECONDS.toNanos(3));
        MetricsLedger.Totals t = ledger.totals();
        assertThat(t.boots()).isEqualTo(2);
        assertThat(t.bootBuckets()[1]).as("<= 0.5 s").isEqualTo(1);
        assertThat(t.bootBuckets()[4]).as("<= 5 s").isEqualTo(1);
        assertThat(t.bootSeconds()).isEqualTo(3.4);
    }

    @Test
    void durationsAreHandedOutOneDrainLateAndThoseOfAWorkerThatExitedAtOnce() {
        WorkerMetrics memory = WorkerMetrics.inMemory();
        ledger.started(1, memory);
        List<Integer> got = new ArrayList<>();
        assertThat(ledger.drainDurations(got::add)).isZero();
        SharedRequestMetrics metrics = new SharedRequestMetrics(memory);
        metrics.requestDone("GET", 200, TimeUnit.MICROSECONDS.toNanos(1500));
        metrics.requestDone("GET", 200, TimeUnit.MICROSECONDS.toNanos(250));
        ledger.drainDurations(got::add);
        assertThat(got).as("a writer may still be storing the newest samples").isEmpty();
        ledger.drainDurations(got::add);
        assertThat(got).containsExactly(1500, 250);
        metrics.requestDone("GET", 200, TimeUnit.MICROSECONDS.toNanos(42));
        ledger.exited(1, ExitCause.RECYCLED);
        ledger.drainDurations(got::add);
        assertThat(got).containsExactly(1500, 250, 42);
    }

    @Test
    void durationsOverwrittenInTheRingAreReportedAsLost() {
        WorkerMetrics memory = WorkerMetrics.inMemory();
        ledger.started(1, memory);
        ledger.drainDurations(d -> { });
        SharedRequestMetrics metrics = new SharedRequestMetrics(memory);
        int written = MetricsLayout.RING_SIZE + 100;
        for (int i = 0; i < written; i++) {
            metrics.requestDone("GET", 200, TimeUnit.MICROSECONDS.toNanos(i));
        }
        List<Integer> got = new ArrayList<>();
        long lost = ledger.drainDurations(got::add);
        lost += ledger.drainDurations(got::add);
        assertThat(lost).isEqualTo(100);
        assertThat(got).hasSize(MetricsLayout.RING_SIZE);
        assertThat(got.getFirst()).isEqualTo(100);
    }
}
