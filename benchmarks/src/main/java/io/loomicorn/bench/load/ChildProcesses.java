package io.loomicorn.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every process the runner starts, so that each one is stopped by its pid, with its
 * descendants: TERM first, KILL after a grace period. A JVM shutdown hook stops whatever
 * is still running on Ctrl-C or an unexpected exit.
 */
public final class ChildProcesses {

    private static final ChildProcesses INSTANCE = new ChildProcesses();

    private final Set<ProcessHandle> running = new LinkedHashSet<>();

    private ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "loomicorn-bench-cleanup"));
    }

    /** The process-wide registry. */
    public static ChildProcesses get() {
        return INSTANCE;
    }

    /**
     * Records a started process.
     *
     * @param process the process
     * @return the process
     */
    public synchronized Process track(Process process) {
        running.add(process.toHandle());
        return process;
    }

    /**
     * Stops a process and every descendant it has at this moment: TERM to the process,
     * then KILL to whatever is left of the tree after {@code grace}.
     *
     * @param process the process
     * @param grace   how long to wait after TERM
     */
    public void stop(ProcessHandle process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process);
        process.descendants().forEach(tree::add);
        process.destroy();
        waitFor(process, grace);
        // The master stops its workers on TERM; anything still alive gets TERM, then KILL.
        for (ProcessHandle p : tree) {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        for (ProcessHandle p : tree) {
            waitFor(p, Duration.ofSeconds(2));
            if (p.isAlive()) {
                p.destroyForcibly();
                waitFor(p, Duration.ofSeconds(5));
            }
        }
        synchronized (this) {
            running.remove(process);
        }
    }

    /** Stops every process still tracked. */
    public void stopAll() {
        List<ProcessHandle> left;
        synchronized (this) {
            left = new ArrayList<>(running);
        }
        for (ProcessHandle p : left) {
            stop(p, Duration.ofSeconds(5));
        }
    }

    private static void waitFor(ProcessHandle p, Duration d) {
        try {
            p.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // still alive, or interrupted: the caller escalates
        }
    }
}
