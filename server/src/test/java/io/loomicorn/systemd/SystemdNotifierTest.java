package io.loomicorn.systemd;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the master tells systemd, on a fake clock. */
class SystemdNotifierTest {

    private long now = 1_000_000_000L;

    private static SystemdNotifier.State booting(int ready) {
        return new SystemdNotifier.State(false, false, false, 0, 2, ready, 2);
    }

    private static SystemdNotifier.State serving(int generation) {
        return new SystemdNotifier.State(true, false, false, generation, 2, 2, 2);
    }

    @Test
    void readyOnceTheFirstGenerationServesWithStatusLinesOnTheWay() {
        SystemdNotifier n = new SystemdNotifier(0, now);
        assertThat(n.update(booting(0), now)).containsExactly("STATUS=Booting: 0 of 2 workers ready");
        assertThat(n.update(booting(0), now)).as("nothing changed").isEmpty();
        assertThat(n.update(booting(1), now)).containsExactly("STATUS=Booting: 1 of 2 workers ready");
        assertThat(n.update(serving(0), now)).containsExactly("READY=1\nSTATUS=Serving: 2 workers (generation 0)");
        assertThat(n.update(serving(0), now)).isEmpty();
    }

    @Test
    void aReloadSaysReloadingWithTheMonotonicClockThenReadyWhenTheNewGenerationServes() {
        SystemdNotifier n = new SystemdNotifier(0, now);
        n.update(serving(0), now);
        assertThat(n.reloading(now)).isEqualTo("RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(now));
        assertThat(n.update(new SystemdNotifier.State(false, true, false, 1, 2, 2, 3), now))
                .containsExactly("STATUS=Reloading: generation 1 booting, 2 workers serving");
        assertThat(n.update(serving(1), now)).containsExactly("READY=1\nSTATUS=Serving: 2 workers (generation 1)");
    }

    @Test
    void aReloadThatFailsEarlyStillEndsWithReady() {
        SystemdNotifier n = new SystemdNotifier(0, now);
        n.update(serving(0), now);
        n.reloading(now);
        assertThat(n.update(serving(0), now)).containsExactly("READY=1");
    }

    @Test
    void stoppingIsSentOnce() {
        SystemdNotifier n = new SystemdNotifier(0, now);
        n.update(serving(0), now);
        SystemdNotifier.State stopping = new SystemdNotifier.State(true, false, true, 0, 2, 2, 2);
        assertThat(n.update(stopping, now)).containsExactly("STOPPING=1\nSTATUS=Stopping: 2 workers left");
        assertThat(n.update(new SystemdNotifier.State(true, false, true, 0, 2, 1, 1), now))
                .containsExactly("STATUS=Stopping: 1 worker left");
    }

    @Test
    void theWatchdogIsFedEveryHalfPeriodFromTheLoop() {
        long period = SystemdNotifier.watchdogPeriod(Map.of("WATCHDOG_USEC", "4000000"), 42);
        assertThat(period).isEqualTo(TimeUnit.SECONDS.toNanos(2));
        SystemdNotifier n = new SystemdNotifier(period, now);
        assertThat(n.update(serving(0), now)).contains("WATCHDOG=1");
        now += TimeUnit.MILLISECONDS.toNanos(1999);
        assertThat(n.update(serving(0), now)).isEmpty();
        now += TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(n.update(serving(0), now)).containsExactly("WATCHDOG=1");
    }

    @Test
    void aWatchdogForAnotherProcessOrWithoutAPeriodIsNotOurs() {
        assertThat(SystemdNotifier.watchdogPeriod(Map.of("WATCHDOG_USEC", "4000000", "WATCHDOG_PID", "7"), 42)).isZero();
        assertThat(SystemdNotifier.watchdogPeriod(Map.of("WATCHDOG_USEC", "4000000", "WATCHDOG_PID", "42"), 42)).isPositive();
        assertThat(SystemdNotifier.watchdogPeriod(Map.of(), 42)).isZero();
        assertThat(SystemdNotifier.watchdogPeriod(Map.of("WATCHDOG_USEC", "soon"), 42)).isZero();
    }
}
