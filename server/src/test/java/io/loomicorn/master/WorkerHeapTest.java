package io.loomicorn.master;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The default worker heap, and the memory limit it is a share of, from cgroup files laid out as Linux lays them out. */
class WorkerHeapTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path root;

    @Test
    void fiveWorkersInATwoGibibytePodGetHeapsThatFitWithTheirOverheadAndTheMaster() {
        long limit = 2048 * MIB;
        long heap = WorkerHeap.heapBytes(limit, 5);
        assertThat(heap).isEqualTo(((2048 - 128) / 5 - 128) * MIB);
        assertThat(5 * (heap + WorkerHeap.NON_HEAP_RESERVE) + WorkerHeap.MASTER_RESERVE).isLessThanOrEqualTo(limit);
    }

    @Test
    void aTinyShareStillGetsTheMinimumHeap() {
        assertThat(WorkerHeap.heapBytes(512 * MIB, 8)).isEqualTo(WorkerHeap.MIN_HEAP);
    }

    @Test
    void anyHeapOptionInWorkerJvmArgsReplacesTheRule() {
        for (String option : List.of("-Xmx64m", "-XX:MaxHeapSize=64m", "-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=50",
                "-XX:MaxRAMFraction=2")) {
            assertThat(WorkerHeap.option(List.of("-Dx=y", option), 4096 * MIB, 2)).as(option).isEmpty();
        }
        assertThat(WorkerHeap.option(List.of("-Xss512k"), 4096 * MIB, 2)).contains("-Xmx1856m");
    }

    @Test
    void theOutOfMemoryKindIsTheHeapUnlessMetaspaceIsCapped() {
        assertThat(WorkerHeap.outOfMemoryKind(List.of())).isEqualTo("Java heap space");
        assertThat(WorkerHeap.outOfMemoryKind(List.of("-XX:MaxMetaspaceSize=64m"))).startsWith("Java heap space or Metaspace");
    }

    @Test
    void cgroupV2LimitIsTheLowestOnThePathToTheRoot() throws IOException {
        write("proc/meminfo", "MemTotal:       24683880 kB\nMemFree: 1 kB\n");
        write("proc/self/cgroup", "0::/pods/web/app\n");
        write("cgroup/cgroup.controllers", "cpu memory\n");
        write("cgroup/pods/memory.max", "4294967296\n");
        write("cgroup/pods/web/memory.max", "2147483648\n");
        write("cgroup/pods/web/app/memory.max", "max\n");
        MemoryLimit limit = new MemoryLimit(root.resolve("proc"), root.resolve("cgroup"));
        assertThat(limit.bytes()).isEqualTo(2048 * MIB);
        assertThat(limit.source()).isEqualTo("the cgroup's memory limit");
    }

    @Test
    void cgroupV1MemoryControllerInAHybridMount() throws IOException {
        write("proc/meminfo", "MemTotal:       24683880 kB\n");
        write("proc/self/cgroup", "9:name=systemd:/\n4:memory:/loomicorn-test\n0::/\n");
        write("cgroup/unified/cgroup.controllers", "hugetlb\n");
        write("cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
        write("cgroup/memory/loomicorn-test/memory.limit_in_bytes", "1073741824\n");
        MemoryLimit limit = new MemoryLimit(root.resolve("proc"), root.resolve("cgroup"));
        assertThat(limit.bytes()).isEqualTo(1024 * MIB);
    }

    @Test
    void withoutALimitTheMachinesMemoryCounts() throws IOException {
        write("proc/meminfo", "MemTotal:       1048576 kB\n");
        write("proc/self/cgroup", "0::/\n");
        write("cgroup/cgroup.controllers", "memory\n");
        MemoryLimit limit = new MemoryLimit(root.resolve("proc"), root.resolve("cgroup"));
        assertThat(limit.bytes()).isEqualTo(1024 * MIB);
        assertThat(limit.source()).isEqualTo("the machine's memory");
    }

    @Test
    void aContainerWhoseCgroupPathIsNotBelowTheMountReadsTheMountsOwnLimit() throws IOException {
        // Inside a container the cgroup namespace may show a path that the mount does not have.
        write("proc/meminfo", "MemTotal:       24683880 kB\n");
        write("proc/self/cgroup", "0::/../../kubepods/pod1/c1\n");
        write("cgroup/cgroup.controllers", "memory\n");
        write("cgroup/memory.max", "536870912\n");
        MemoryLimit limit = new MemoryLimit(root.resolve("proc"), root.resolve("cgroup"));
        assertThat(limit.bytes()).isEqualTo(512 * MIB);
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
