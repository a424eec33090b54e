package io.loomicorn.master;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.config.SettingsDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The options of a worker's command line: the heap, with and without TLS, the collector, the native heap. */
class WorkerSpawnerFlagsTest {

    @TempDir
    Path root;

    private WorkerSpawner spawnerWithMemory(long mib) throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal: " + mib * 1024 + " kB\n");
        return new WorkerSpawner(new MemoryLimit(root.resolve("proc"), root.resolve("no-cgroup")));
    }

    private Config tls(Config config) throws IOException {
        Path cert = Files.writeString(root.resolve("cert.pem"), "not read here");
        return config.with(Settings.CERTFILE, Optional.of(cert.toString()));
    }

    /** The heap options in the order the JVM reads them: the last -Xms wins. */
    private static List<String> heapOptions(List<String> flags) {
        return flags.stream().filter(f -> f.startsWith("-Xms") || f.startsWith("-Xmx")).toList();
    }

    @Test
    void plainWorkersStartWithTheSmallHeapAndTlsWorkersWithALargerOne() throws IOException {
        WorkerSpawner spawner = spawnerWithMemory(4096);
        Config config = Config.defaults().with(Settings.WORKERS, 2);
        assertThat(heapOptions(spawner.flags(config))).containsExactly("-Xms8m", "-Xmx1856m");
        assertThat(heapOptions(spawner.flags(tls(config)))).containsExactly("-Xms8m", "-Xmx1856m", "-Xms128m");
    }

    @Test
    void theTlsInitialHeapNeverExceedsTheHeap() throws IOException {
        WorkerSpawner spawner = spawnerWithMemory(512);
        Config config = tls(Config.defaults().with(Settings.WORKERS, 8));
        assertThat(heapOptions(spawner.flags(config))).containsExactly("-Xms8m", "-Xmx32m", "-Xms32m");
    }

    @Test
    void aHeapChosenInWorkerJvmArgsLeavesTheInitialHeapToTheUser() throws IOException {
        WorkerSpawner spawner = spawnerWithMemory(4096);
        Config config = tls(Config.defaults().with(Settings.WORKER_JVM_ARGS, List.of("-Xmx48m")));
        assertThat(heapOptions(spawner.flags(config))).containsExactly("-Xms8m", "-Xmx48m");
    }

    @Test
    void aCollectorChosenInWorkerJvmArgsReplacesTheSerialOne() throws IOException {
        WorkerSpawner spawner = spawnerWithMemory(4096);
        List<String> chosen = spawner.flags(Config.defaults().with(Settings.WORKER_JVM_ARGS, List.of("-XX:+UseG1GC")));
        assertThat(chosen).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
        assertThat(spawner.flags(Config.defaults())).contains("-XX:+UseSerialGC");
        assertThat(spawner.flags(Config.defaults().with(Settings.WORKER_JVM_ARGS, List.of("-XX:+UseStringDeduplication"))))
                .contains("-XX:+UseSerialGC");
    }

    @Test
    void aWorkerJvmTrimsItsNativeHeapOnceASecond() throws Exception {
        assertThat(workerJvmOptions(List.of(), "TrimNativeHeapInterval"))
                .containsExactly("TrimNativeHeapInterval=1000 VM_CREATION");
    }

    @Test
    void aWorkerJvmNeitherRecordsNorReplaysMethodProfiles(@TempDir Path dir) throws Exception {
        // A training run, as the master's for the worker AOT cache: without the option the JVM
        // records profiles (true, ERGONOMIC).
        assertThat(workerJvmOptions(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + dir.resolve("w.aotconf")),
                "AOTRecordTraining")).first().isEqualTo("AOTRecordTraining=false VM_CREATION");
        // The JVM sets replay only where a cache holds profiles.
        assertThat(spawnerWithMemory(4096).flags(Config.defaults())).contains("-XX:-AOTReplayTraining");
    }

    /**
     * The named options of a JVM started with a worker's options, then {@code more}; it runs
     * the source file, since a recording JVM refuses a class path with directories in it.
     */
    private List<String> workerJvmOptions(List<String> more, String... names) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(spawnerWithMemory(4096).flags(Config.defaults()));
        cmd.addAll(more);
        cmd.add(SettingsDoc.repositoryRoot(Path.of("")).resolve("server/src/test/java/io/loomicorn/master/PrintVmOptions.java")
                .toString());
        cmd.addAll(List.of(names));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
