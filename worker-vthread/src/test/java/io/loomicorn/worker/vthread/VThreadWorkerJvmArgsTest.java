package io.loomicorn.worker.vthread;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.spi.WorkerFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vthread worker's JVM options: its scheduler's size, and the heap flags that give a
 * burst's heap back at the next full collection ({@link VThreadWorkerFactory#HEAP_FLAGS}).
 */
class VThreadWorkerJvmArgsTest {

    private static final WorkerFactory FACTORY = new VThreadWorkerFactory();

    static {
        Settings.registerWorkerSettings(FACTORY.name(), FACTORY.settings());
    }

    @Test
    void aWorkerGetsItsSchedulerSizeAndTheHeapFlags() {
        assertThat(FACTORY.workerJvmArgs(Config.defaults().with(Settings.THREADS, 2)))
                .contains("-Djdk.virtualThreadScheduler.parallelism=2", "-Djdk.readPollers=1")
                .containsSubsequence(VThreadWorkerFactory.HEAP_FLAGS);
    }
}
