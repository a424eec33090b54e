package io.loomicorn.master;

import java.util.List;
import java.util.Optional;

/**
 * The default heap of a worker JVM: its share of the memory the master and its workers may
 * use ({@link MemoryLimit}: the cgroup's limit, or the machine's), after room for the
 * master and for each worker's memory outside its heap.
 *
 * <pre>
 * heap = (limit - MASTER_RESERVE) / workers - NON_HEAP_RESERVE, at least MIN_HEAP
 * </pre>
 * A JVM left to itself takes a quarter of the container's memory as heap, so five workers
 * in a 2 GiB pod could claim 2.5 GiB of heap between them and get the pod killed; with
 * this rule the heaps and the rest add up to the limit. {@code workers} is the setting (so
 * TTIN adds workers beyond the budget). Any heap option in {@code worker_jvm_args}
 * ({@code -Xmx}, {@code -XX:MaxHeapSize}, {@code -XX:MaxRAM}, {@code -XX:MaxRAMPercentage},
 * {@code -XX:MaxRAMFraction}) replaces the rule. Public for the deployment manifests' test,
 * which sizes a pod's memory by the same rule.
 */
public final class WorkerHeap {

    private static final long MIB = 1024 * 1024;
    /** Room for the master: its resident memory with the admin endpoint on (measured, with margin). */
    static final long MASTER_RESERVE = 128 * MIB;
    /** Room for what a worker JVM holds outside its heap: metaspace, code cache, thread stacks, GC and class data (measured, with margin). */
    static final long NON_HEAP_RESERVE = 128 * MIB;
    /** The least heap a worker gets, however small the share. */
    public static final long MIN_HEAP = 32 * MIB;

    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAM=",
            "-XX:MaxRAMPercentage=", "-XX:MaxRAMFraction=");

    private WorkerHeap() {
    }

    /**
     * Returns a worker's heap under the rule.
     *
     * @param limitBytes what the master and its workers may use together
     * @param workers    the {@code workers} setting
     * @return the heap in bytes, a whole number of MiB
     */
    public static long heapBytes(long limitBytes, int workers) {
        long share = (limitBytes - MASTER_RESERVE) / Math.max(1, workers) - NON_HEAP_RESERVE;
        return Math.max(MIN_HEAP, share / MIB * MIB);
    }

    /**
     * Returns the option that sets a worker's heap, unless the user set one.
     *
     * @param workerJvmArgs {@code worker_jvm_args}
     * @param limitBytes    what the master and its workers may use together
     * @param workers       the {@code workers} setting
     * @return {@code -Xmx<N>m}, or empty when {@code worker_jvm_args} has a heap option
     */
    static Optional<String> option(List<String> workerJvmArgs, long limitBytes, int workers) {
        if (userSetsHeap(workerJvmArgs)) {
            return Optional.empty();
        }
        return Optional.of("-Xmx" + heapBytes(limitBytes, workers) / MIB + "m");
    }

    static boolean userSetsHeap(List<String> workerJvmArgs) {
        return workerJvmArgs.stream().anyMatch(a -> HEAP_OPTIONS.stream().anyMatch(a::startsWith));
    }

    /**
     * What ran out when a worker exits under {@code -XX:+ExitOnOutOfMemoryError}. Only the
     * heap has a limit under Loomicorn's defaults (metaspace has none, and the compressed
     * class space's gigabyte is not reached by applications); when {@code worker_jvm_args}
     * caps metaspace, it may have been that. The JVM's own line in the error log
     * ({@code Terminating due to java.lang.OutOfMemoryError: ...}) names it.
     */
    static String outOfMemoryKind(List<String> workerJvmArgs) {
        boolean metaspaceCapped = workerJvmArgs.stream()
                .anyMatch(a -> a.startsWith("-XX:MaxMetaspaceSize=") || a.startsWith("-XX:CompressedClassSpaceSize="));
        return metaspaceCapped ? "Java heap space or Metaspace (the JVM's line above says which)" : "Java heap space";
    }
}
