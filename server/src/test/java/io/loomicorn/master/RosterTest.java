package io.loomicorn.master;

import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.metrics.ExitCause;
import io.loomicorn.master.RosterAction.Abort;
import io.loomicorn.master.RosterAction.CloseListeners;
import io.loomicorn.master.RosterAction.Kill;
import io.loomicorn.master.RosterAction.QuickShutdown;
import io.loomicorn.master.RosterAction.Reaped;
import io.loomicorn.master.RosterAction.ReloadFailed;
import io.loomicorn.master.RosterAction.RetryBoot;
import io.loomicorn.master.RosterAction.Spawn;
import io.loomicorn.master.RosterAction.Stop;
import io.loomicorn.master.RosterAction.Why;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every transition of the master's model, on a fake clock: no process, no signal, no
 * sleep. The arbiter's side of each action is covered by the end-to-end tests.
 */
class RosterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** The fake clock, in nanoseconds; starts far from zero to catch comparisons that ignore wrap-around. */
    private long now = Long.MAX_VALUE - Duration.ofMinutes(5).toNanos();
    private final Roster roster = new Roster(TIMEOUT, GRACE, now);
    private long nextPid = 1000;

    // ---- count ----

    @Test
    void aColdStartSpawnsTheTargetCountOfTheFirstGenerationWithRisingAges() {
        roster.setTarget(3);
        assertThat(roster.tick(now)).containsExactly(new Spawn(1, 0), new Spawn(2, 0), new Spawn(3, 0));
    }

    @Test
    void bootingWorkersCountSoNothingMoreIsSpawnedWhileTheyBoot() {
        start(2);
        advance(Duration.ofSeconds(5));
        assertThat(roster.tick(now)).isEmpty();
    }

    @Test
    void aWorkerThatExitedIsReplacedOnTheNextTick() {
        List<WorkerProcess> ws = serving(2);
        assertThat(roster.exited(ws.get(0), 1, now)).containsExactly(new Reaped(ws.get(0), 1));
        assertThat(roster.tick(now)).containsExactly(new Spawn(3, 0));
    }

    @Test
    void ttinAddsAWorker() {
        serving(1);
        roster.setTarget(2);
        assertThat(roster.tick(now)).containsExactly(new Spawn(2, 0));
    }

    @Test
    void ttouStopsTheOldestWorkerOfTheCurrentGeneration() {
        List<WorkerProcess> ws = serving(3);
        assertThat(roster.decrement()).isTrue();
        assertThat(roster.tick(now)).containsExactly(new Stop(ws.get(0), false));
        assertThat(ws.get(0).state()).isEqualTo(WorkerProcess.State.STOPPING);
        assertThat(roster.tick(now)).as("a stopping worker is not stopped twice").isEmpty();
    }

    @Test
    void ttouNeverGoesBelowOneWorker() {
        serving(1);
        assertThat(roster.decrement()).isFalse();
        assertThat(roster.target()).isEqualTo(1);
        assertThat(roster.tick(now)).isEmpty();
    }

    @Test
    void aNegativeTargetCountsAsZeroAndReturnsTheOldCount() {
        roster.setTarget(2);
        assertThat(roster.setTarget(-4)).isEqualTo(2);
        assertThat(roster.target()).isZero();
    }

    @Test
    void aWorkerThatCouldNotBeStartedIsRetriedAfterASecond() {
        roster.setTarget(1);
        roster.tick(now);
        roster.spawnFailed(now);
        advance(Duration.ofMillis(999));
        assertThat(roster.tick(now)).isEmpty();
        advance(Duration.ofMillis(2));
        assertThat(roster.tick(now)).containsExactly(new Spawn(2, 0));
    }

    // ---- overlap: recycling and reloads ----

    @Test
    void aWorkerThatAsksToRetireKeepsServingUntilItsReplacementIsReady() {
        List<WorkerProcess> ws = serving(2);
        ws.get(0).retire();
        List<RosterAction> actions = roster.tick(now);
        assertThat(actions).containsExactly(new Spawn(3, 0));
        WorkerProcess replacement = spawned(3, 0);
        assertThat(roster.tick(now)).as("still booting: the retiring worker serves on").isEmpty();
        roster.booted(replacement, now);
        assertThat(roster.tick(now)).containsExactly(new Stop(ws.get(0), false));
    }

    @Test
    void aReloadSpawnsANewGenerationAndStopsTheOldOneOnlyWhenAllNewWorkersServe() {
        List<WorkerProcess> old = serving(2);
        roster.newGeneration(now);
        assertThat(roster.generation()).isEqualTo(1);
        assertThat(roster.tick(now)).containsExactly(new Spawn(3, 1), new Spawn(4, 1));
        WorkerProcess a = spawned(3, 1);
        WorkerProcess b = spawned(4, 1);
        roster.booted(a, now);
        assertThat(roster.tick(now)).as("one of two is ready").isEmpty();
        roster.booted(b, now);
        assertThat(roster.tick(now)).containsExactly(new Stop(old.get(0), false), new Stop(old.get(1), false));
    }

    @Test
    void aReloadWhoseWorkersCannotBootIsAbandonedAndThePreviousGenerationStaysCurrent() {
        List<WorkerProcess> old = serving(2);
        roster.newGeneration(now);
        roster.tick(now);
        WorkerProcess a = spawned(3, 1);
        WorkerProcess b = spawned(4, 1);
        a.failed("class com.missing.Dependency is missing from the classpath");

        List<RosterAction> actions = roster.exited(a, 3, now);

        assertThat(actions).containsExactly(new ReloadFailed("class com.missing.Dependency is missing from the classpath"),
                new Kill(b, Why.ABANDONED));
        assertThat(b.state()).isEqualTo(WorkerProcess.State.STOPPING);
        assertThat(b.wasKilled()).isTrue();
        assertThat(roster.generation()).isZero();
        roster.exited(b, 137, now);
        advance(Duration.ofMinutes(1));
        old.forEach(w -> w.beat(1, now));
        assertThat(roster.tick(now)).as("the old generation is current and complete").isEmpty();
        assertThat(old).allMatch(w -> w.state() == WorkerProcess.State.READY);
    }

    @Test
    void theNextReloadAfterAFailedOneReplacesTheOldGeneration() {
        List<WorkerProcess> old = serving(1);
        roster.newGeneration(now);
        roster.tick(now);
        roster.exited(spawned(2, 1), 3, now);
        advance(Duration.ofSeconds(1));
        roster.newGeneration(now);
        assertThat(roster.generation()).isEqualTo(1);
        assertThat(roster.tick(now)).containsExactly(new Spawn(3, 1));
        roster.booted(spawned(3, 1), now);
        assertThat(roster.tick(now)).containsExactly(new Stop(old.getFirst(), false));
    }

    // ---- back-off ----

    @Test
    void aReplacementThatCannotBootBacksOffDoublingUpToThirtySeconds() {
        serving(1);
        long[] expectedMillis = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        int age = 1;
        roster.exited(roster.workers().getFirst(), 1, now);
        for (long millis : expectedMillis) {
            assertThat(roster.tick(now)).containsExactly(new Spawn(++age, 0));
            WorkerProcess w = spawned(age, 0);
            assertThat(roster.exited(w, 3, now))
                    .containsExactly(new RetryBoot(Duration.ofMillis(millis).toNanos(), "the worker exited with code 3 before it booted"));
            advance(Duration.ofMillis(millis - 1));
            assertThat(roster.tick(now)).as("backing off %d ms", millis).isEmpty();
            advance(Duration.ofMillis(1));
        }
    }

    @Test
    void aBootResetsTheBackOff() {
        serving(1);
        roster.exited(roster.workers().getFirst(), 1, now);
        roster.tick(now);
        roster.exited(spawned(2, 0), 3, now);
        advance(Duration.ofMillis(500));
        roster.tick(now);
        roster.booted(spawned(3, 0), now);
        roster.exited(roster.workers().getFirst(), 1, now);
        roster.tick(now);
        assertThat(roster.exited(spawned(4, 0), 3, now))
                .containsExactly(new RetryBoot(Duration.ofMillis(500).toNanos(), "the worker exited with code 3 before it booted"));
    }

    @Test
    void aReloadDuringTheBackOffWaitsForItsEnd() {
        serving(1);
        roster.exited(roster.workers().getFirst(), 1, now);
        roster.tick(now);
        roster.exited(spawned(2, 0), 3, now);
        roster.newGeneration(now);
        assertThat(roster.generation()).as("deferred").isZero();
        advance(Duration.ofMillis(500));
        assertThat(roster.tick(now)).containsExactly(new Spawn(3, 1));
        assertThat(roster.generation()).isEqualTo(1);
    }

    // ---- cold start ----

    @Test
    void aColdStartWhoseWorkerCannotBootHaltsWithExitCode3() {
        List<WorkerProcess> ws = start(2);
        ws.get(0).failed("java.lang.IllegalStateException: bad config");

        List<RosterAction> actions = roster.exited(ws.get(0), 3, now);

        assertThat(actions).containsExactly(new Stop(ws.get(1), true), new CloseListeners());
        assertThat(roster.exitCode()).isEqualTo(3);
        assertThat(roster.haltReason()).isEqualTo("Worker failed to boot: java.lang.IllegalStateException: bad config");
        assertThat(roster.stopping()).isTrue();
        assertThat(roster.exited(ws.get(1), 130, now)).containsExactly(new Reaped(ws.get(1), 130));
        assertThat(roster.finished()).isTrue();
    }

    @Test
    void aColdStartWhoseAppCannotLoadSaysSo() {
        WorkerProcess w = start(1).getFirst();
        w.failed("Application class com.nope.Missing was not found on the classpath");
        roster.exited(w, 4, now);
        assertThat(roster.haltReason())
                .isEqualTo("App failed to load: Application class com.nope.Missing was not found on the classpath");
        assertThat(roster.exitCode()).isEqualTo(3);
    }

    // ---- heartbeats ----

    @Test
    void aSilentWorkerIsAbortedAfterTheTimeoutThenKilledASecondLater() {
        WorkerProcess w = serving(1).getFirst();
        advance(TIMEOUT);
        assertThat(roster.tick(now)).as("silent for exactly the timeout").isEmpty();
        advance(Duration.ofNanos(1));
        assertThat(roster.tick(now)).containsExactly(new Abort(w));
        assertThat(roster.tick(now)).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(roster.tick(now)).isEmpty();
        advance(Duration.ofNanos(1));
        assertThat(roster.tick(now)).containsExactly(new Kill(w, Why.UNRESPONSIVE));
        advance(Duration.ofSeconds(5));
        assertThat(roster.tick(now)).as("killed once").isEmpty();
    }

    @Test
    void aChangingHeartbeatKeepsAWorkerAlive() {
        WorkerProcess w = serving(1).getFirst();
        for (int i = 1; i <= 10; i++) {
            advance(Duration.ofSeconds(20));
            w.beat(i, now);
            assertThat(roster.tick(now)).isEmpty();
        }
        advance(Duration.ofSeconds(20));
        w.beat(10, now);
        advance(Duration.ofSeconds(11));
        assertThat(roster.tick(now)).as("the same value is no beat").containsExactly(new Abort(w));
    }

    @Test
    void aBootingWorkerHasAtLeastSixtySeconds() {
        WorkerProcess w = start(1).getFirst();
        advance(Duration.ofSeconds(60));
        assertThat(roster.tick(now)).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(roster.tick(now)).containsExactly(new Abort(w));
    }

    @Test
    void aStoppingWorkerThatBeatsIsBoundByTheGracePeriod() {
        List<WorkerProcess> ws = serving(2);
        roster.decrement();
        roster.tick(now);
        WorkerProcess stopping = ws.getFirst();
        assertThat(stopping.state()).isEqualTo(WorkerProcess.State.STOPPING);
        advance(GRACE);
        stopping.beat(1, now);
        ws.get(1).beat(1, now);
        assertThat(roster.tick(now)).isEmpty();
        advance(Duration.ofNanos(1));
        assertThat(roster.tick(now)).containsExactly(new Kill(stopping, Why.GRACEFUL_TIMEOUT));
        ws.get(1).beat(2, now);
        advance(TIMEOUT);
        ws.get(1).beat(3, now);
        assertThat(roster.tick(now)).as("killed once, never aborted").isEmpty();
    }

    @Test
    void aStoppingWorkerThatFallsSilentIsAbortedAtTheTimeout() {
        roster.timeouts(Duration.ofSeconds(2), GRACE);
        List<WorkerProcess> ws = serving(2);
        roster.decrement();
        roster.tick(now);
        WorkerProcess stopping = ws.getFirst();
        advance(Duration.ofSeconds(2));
        ws.get(1).beat(1, now);
        assertThat(roster.tick(now)).isEmpty();
        advance(Duration.ofNanos(1));
        assertThat(roster.tick(now)).as("stuck while draining: no need to wait out the grace period")
                .containsExactly(new Abort(stopping));
        advance(Duration.ofSeconds(1).plusNanos(1));
        ws.get(1).beat(2, now);
        assertThat(roster.tick(now)).containsExactly(new Kill(stopping, Why.UNRESPONSIVE));
        advance(GRACE);
        ws.get(1).beat(3, now);
        assertThat(roster.tick(now)).as("killed once").isEmpty();
    }

    @Test
    void aZeroTimeoutTurnsHeartbeatChecksOff() {
        roster.timeouts(Duration.ZERO, GRACE);
        serving(1);
        advance(Duration.ofHours(1));
        assertThat(roster.tick(now)).isEmpty();
    }

    // ---- stopping ----

    @Test
    void termStopsEveryWorkerGracefullyAndClosesTheListeners() {
        List<WorkerProcess> ws = serving(2);
        assertThat(roster.stop(false, now)).containsExactly(new Stop(ws.get(0), false), new Stop(ws.get(1), false),
                new CloseListeners());
        assertThat(roster.stopping()).isTrue();
        assertThat(roster.tick(now)).as("no spawning while stopping").isEmpty();
        assertThat(roster.exited(ws.get(0), 0, now)).containsExactly(new Reaped(ws.get(0), 0));
        assertThat(roster.finished()).isFalse();
        roster.exited(ws.get(1), 0, now);
        assertThat(roster.finished()).isTrue();
        assertThat(roster.exitCode()).isZero();
    }

    @Test
    void intDuringAGracefulStopIsAQuickShutdownOnce() {
        List<WorkerProcess> ws = serving(2);
        roster.stop(false, now);
        assertThat(roster.stop(true, now)).containsExactly(new QuickShutdown(), new Stop(ws.get(0), true),
                new Stop(ws.get(1), true));
        assertThat(roster.stop(true, now)).isEmpty();
        assertThat(roster.stop(false, now)).isEmpty();
    }

    @Test
    void aWorkerStillDrainingAfterTheGracePeriodIsKilledOnce() {
        List<WorkerProcess> ws = serving(1);
        roster.stop(false, now);
        advance(GRACE);
        assertThat(roster.tick(now)).isEmpty();
        advance(Duration.ofNanos(1));
        assertThat(roster.tick(now)).containsExactly(new Kill(ws.getFirst(), Why.GRACEFUL_TIMEOUT));
        advance(Duration.ofSeconds(5));
        assertThat(roster.tick(now)).isEmpty();
    }

    @Test
    void theStopDeadlineHoldsEvenWhenTheGracePeriodGrewMeanwhile() {
        List<WorkerProcess> ws = serving(1);
        roster.stop(false, now); // deadline: grace + 1 s from now
        roster.timeouts(TIMEOUT, Duration.ofMinutes(5)); // a HUP during the stop
        advance(GRACE.plusSeconds(1));
        assertThat(roster.tick(now)).isEmpty();
        advance(Duration.ofNanos(1));
        assertThat(roster.tick(now)).containsExactly(new Kill(ws.getFirst(), Why.STOP_DEADLINE));
    }

    @Test
    void aWorkerExitingWhileBootingDuringAStopIsNoBootFailure() {
        WorkerProcess w = start(1).getFirst();
        roster.stop(false, now);
        assertThat(roster.exited(w, 143, now)).containsExactly(new Reaped(w, 143));
        assertThat(roster.exitCode()).isZero();
    }

    @Test
    void aFailedLoopStopsEveryWorkerAtOnceAndExitsWith255() {
        List<WorkerProcess> ws = serving(2);
        assertThat(roster.loopFailed(now)).containsExactly(new Stop(ws.get(0), true), new Stop(ws.get(1), true));
        assertThat(roster.exitCode()).isEqualTo(255);
    }

    @Test
    void workersAreListedOldestFirst() {
        List<WorkerProcess> ws = serving(3);
        assertThat(roster.workers()).containsExactlyElementsOf(ws);
    }

    // ---- slots ----

    @Test
    void workersTakeTheLowestFreeSlotSoAReplacementTakesTheSlotOfTheWorkerItReplaces() {
        List<WorkerProcess> ws = serving(3);
        assertThat(ws).extracting(WorkerProcess::slot).containsExactly(0, 1, 2);
        roster.exited(ws.get(1), 1, now);
        roster.tick(now);
        assertThat(spawned(4, 0).slot()).isEqualTo(1);
    }

    @Test
    void aReloadsNewGenerationTakesTheSlotsOfTheOldOneWhileTheOldOneStillServes() {
        List<WorkerProcess> old = serving(2);
        roster.newGeneration(now);
        roster.tick(now);
        WorkerProcess a = spawned(3, 1);
        WorkerProcess b = spawned(4, 1);
        assertThat(List.of(a.slot(), b.slot())).containsExactly(0, 1);
        assertThat(old).extracting(WorkerProcess::slot).containsExactly(0, 1);
    }

    @Test
    void aWorkerThatReplacesARetiringOneTakesItsSlotAtOnce() {
        List<WorkerProcess> ws = serving(3);
        ws.get(1).retire();
        roster.tick(now);
        assertThat(spawned(4, 0).slot()).isEqualTo(1);
    }

    // ---- why a worker exited ----

    @Test
    void aWorkerStoppedAfterItsBudgetExitedAsRecycled() {
        List<WorkerProcess> ws = serving(1);
        ws.getFirst().retire();
        roster.tick(now);
        roster.booted(spawned(2, 0), now);
        roster.tick(now);
        roster.exited(ws.getFirst(), 0, now);
        assertThat(ws.getFirst().exitCause()).isEqualTo(ExitCause.RECYCLED);
    }

    @Test
    void aWorkerStoppedByReloadTtouOrShutdownExitedAsStopped() {
        List<WorkerProcess> ws = serving(2);
        roster.decrement();
        roster.tick(now);
        roster.exited(ws.get(0), 0, now);
        assertThat(ws.get(0).exitCause()).isEqualTo(ExitCause.STOPPED);
        roster.stop(false, now);
        advance(GRACE.plusSeconds(2));
        roster.tick(now);
        roster.exited(ws.get(1), 137, now);
        assertThat(ws.get(1).exitCause()).as("killed at the end of the grace period, but asked to stop")
                .isEqualTo(ExitCause.STOPPED);
    }

    @Test
    void aSilentWorkerKilledAfterAbortExitedAsTimeout() {
        List<WorkerProcess> ws = serving(1);
        advance(TIMEOUT.plusSeconds(1));
        roster.tick(now);
        advance(Duration.ofSeconds(2));
        assertThat(roster.tick(now)).contains(new Kill(ws.getFirst(), Why.UNRESPONSIVE));
        roster.exited(ws.getFirst(), 137, now);
        assertThat(ws.getFirst().exitCause()).isEqualTo(ExitCause.TIMEOUT);
    }

    @Test
    void exitCodeThreeOfABootedWorkerIsTheJvmRunningOutOfMemory() {
        List<WorkerProcess> ws = serving(2);
        roster.exited(ws.get(0), Roster.OUT_OF_MEMORY_EXIT, now);
        assertThat(ws.get(0).exitCause()).isEqualTo(ExitCause.OOM);
        assertThat(roster.tick(now)).as("replaced like any exit").containsExactly(new Spawn(3, 0));
        WorkerProcess booting = spawned(3, 0);
        roster.exited(booting, 3, now);
        assertThat(booting.exitCause()).as("before its boot, 3 is a boot failure").isEqualTo(ExitCause.BOOT_FAILED);
    }

    @Test
    void aSignalTheMasterDidNotSendIsSignalAndAnyOtherUnaskedExitACrash() {
        List<WorkerProcess> ws = serving(2);
        roster.exited(ws.get(0), 137, now);
        roster.exited(ws.get(1), 1, now);
        assertThat(ws.get(0).exitCause()).isEqualTo(ExitCause.SIGNAL);
        assertThat(ws.get(1).exitCause()).isEqualTo(ExitCause.CRASH);
    }

    // ---- readiness, for systemd ----

    @Test
    void theCurrentGenerationIsReadyOnceTargetWorkersBootedAndAgainAfterAReload() {
        List<WorkerProcess> ws = start(2);
        assertThat(roster.currentGenerationReady()).isFalse();
        roster.booted(ws.get(0), now);
        assertThat(roster.currentGenerationReady()).isFalse();
        roster.booted(ws.get(1), now);
        assertThat(roster.currentGenerationReady()).isTrue();
        roster.newGeneration(now);
        assertThat(roster.reloading()).isTrue();
        assertThat(roster.currentGenerationReady()).isFalse();
        roster.tick(now);
        roster.booted(spawned(3, 1), now);
        roster.booted(spawned(4, 1), now);
        roster.tick(now);
        assertThat(roster.reloading()).isFalse();
        assertThat(roster.currentGenerationReady()).isTrue();
    }

    @Test
    void aFailedReloadEndsTheReloadWithThePreviousGenerationReady() {
        serving(1);
        roster.newGeneration(now);
        roster.tick(now);
        roster.exited(spawned(2, 1), 3, now);
        assertThat(roster.reloading()).isFalse();
        assertThat(roster.currentGenerationReady()).isTrue();
    }

    // ---- helpers ----

    private void advance(Duration d) {
        now += d.toNanos();
    }

    /** Sets the target and records the spawns the roster asks for; the workers have not booted. */
    private List<WorkerProcess> start(int n) {
        roster.setTarget(n);
        List<WorkerProcess> ws = new ArrayList<>();
        for (RosterAction a : roster.tick(now)) {
            Spawn s = (Spawn) a;
            ws.add(spawned(s.age(), s.generation()));
        }
        assertThat(ws).hasSize(n);
        return ws;
    }

    /** Like {@link #start}, and every worker booted. */
    private List<WorkerProcess> serving(int n) {
        List<WorkerProcess> ws = start(n);
        ws.forEach(w -> roster.booted(w, now));
        assertThat(roster.tick(now)).isEmpty();
        return ws;
    }

    private WorkerProcess spawned(int age, int generation) {
        return roster.spawned(new WorkerInfo(nextPid++, age, "sync", 0), generation, 0, now);
    }
}
