package io.loomicorn.worker.vthread;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The governor on this JVM's real virtual-thread scheduler. */
class CarrierGovernorTest {

    /** What a test checks while a CPU-bound virtual thread holds the only carrier. */
    private interface WhileHogged {
        void check(CarrierGovernor governor) throws Exception;
    }

    @Test
    void theJdkStillLetsTheGovernorReachTheScheduler() {
        ForkJoinPool scheduler = CarrierGovernor.defaultScheduler();
        assertThat(scheduler).as("java.lang.VirtualThread.DEFAULT_SCHEDULER (a JDK change?)").isNotNull();
        assertThat(scheduler.getParallelism()).isPositive();
    }

    @Test
    void aCheapVirtualThreadRunsPromptlyWhileACpuBoundOneHoldsTheOnlyCarrier() throws Exception {
        // No request finishes, one connection is open, the process's real CPU clock runs.
        whileTheOnlyCarrierIsHogged(() -> 0, () -> 1, null, governor -> {
            Thread.sleep(50);
            AtomicLong waited = new AtomicLong(-1);
            long sent = System.nanoTime();
            Thread cheap = Thread.ofVirtual().start(() -> waited.set(System.nanoTime() - sent));
            cheap.join(TimeUnit.SECONDS.toMillis(10));
            long millis = TimeUnit.NANOSECONDS.toMillis(waited.get());
            assertThat(millis).as("the cheap thread waited for a carrier (without the governor: ~4000 ms)")
                    .isBetween(0L, 1500L);
            assertThat(governor.carriers()).isEqualTo(2);
        });
    }

    @Test
    void aCarrierHeldWhileRequestsKeepFinishingIsBusyNotStuck() throws Exception {
        AtomicLong finished = new AtomicLong();
        AtomicBoolean counting = new AtomicBoolean(true);
        Thread counter = Thread.ofPlatform().daemon().start(() -> {
            while (counting.get()) {
                finished.incrementAndGet(); // requests finishing, as under plaintext load
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        });
        try {
            whileTheOnlyCarrierIsHogged(finished::get, () -> 1, null, governor -> {
                Thread.sleep(500); // 50 probes, each starved of a carrier for 25 ms
                assertThat(governor.carriers()).as("carriers while the probe waited but requests kept finishing")
                        .isEqualTo(1);
                assertThat(finished.get()).as("the simulated requests finished meanwhile").isGreaterThan(100);
            });
        } finally {
            counting.set(false);
            counter.join();
        }
    }

    @Test
    void aProcessOffTheCpuIsNotStarvedOfCarriers() throws Exception {
        // Nothing finishes and the probe waits, but the process's CPU clock stands still, as
        // when the kernel runs other processes: a second carrier would not get the CPU either.
        whileTheOnlyCarrierIsHogged(() -> 0, () -> 1, () -> 0, governor -> {
            Thread.sleep(500); // 50 probes, each starved of a carrier for 25 ms
            assertThat(governor.carriers()).as("carriers lent while the process did not compute").isEqualTo(1);
        });
    }

    @Test
    void withNoConnectionOpenTheProbeSleeps() throws Exception {
        whileTheOnlyCarrierIsHogged(() -> 0, () -> 0, null, governor -> {
            Thread.sleep(300);
            assertThat(governor.carriers()).as("carriers lent with no connection open").isEqualTo(1);
        });
    }

    /**
     * Runs {@code check} with the scheduler cut to one carrier, a governor (lending up to two)
     * fed by the given sources ({@code cpuNanos} null: the process's real CPU clock), and a
     * virtual thread that spins without yielding (a CPU-bound request) on that carrier; then
     * restores the scheduler.
     */
    private static void whileTheOnlyCarrierIsHogged(LongSupplier finished, IntSupplier connections,
                                                    LongSupplier cpuNanos, WhileHogged check) throws Exception {
        ForkJoinPool scheduler = CarrierGovernor.defaultScheduler();
        int original = scheduler.getParallelism();
        scheduler.setParallelism(1);
        CarrierGovernor governor = CarrierGovernor.start(1, 2, finished, connections, cpuNanos);
        AtomicBoolean spinning = new AtomicBoolean(true);
        try {
            Thread hog = hogTheOnlyCarrier(spinning);
            check.check(governor);
            spinning.set(false);
            hog.join();
        } finally {
            spinning.set(false);
            governor.stop();
            scheduler.setParallelism(original);
        }
    }

    /**
     * Starts a virtual thread that spins without yielding for up to 4 s or until
     * {@code spinning} is cleared, and returns once it runs on a carrier.
     */
    private static Thread hogTheOnlyCarrier(AtomicBoolean spinning) throws InterruptedException {
        CountDownLatch runs = new CountDownLatch(1);
        Thread hog = Thread.ofVirtual().start(() -> {
            runs.countDown();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (spinning.get() && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        });
        runs.await();
        return hog;
    }
}
