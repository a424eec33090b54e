package io.loomicorn.metrics;

import java.util.List;
import java.util.Map;

/**
 * What the master shows its observers (the admin endpoint, the control socket, statsd): a
 * snapshot of its state that the arbiter publishes after every turn of its loop, so that
 * readers on other threads never touch the arbiter's own state and still answer while the
 * workers are busy or stuck.
 *
 * @param pid            the master's pid
 * @param version        Loomicorn's version
 * @param startedMillis  when the master started, wall clock
 * @param publishedNanos when this view was published ({@link System#nanoTime()}): the loop's pulse
 * @param generation     the current generation of workers
 * @param target         how many workers the current generation should have
 * @param stopping       whether a stop (TERM, INT) has begun
 * @param reloading      whether a reload waits for its new generation
 * @param workers        the live workers, oldest first
 * @param listeners      the listening sockets
 * @param settings       a summary of the settings in force, for {@code /status}
 */
public record MasterView(long pid, String version, long startedMillis, long publishedNanos, int generation, int target,
                         boolean stopping, boolean reloading, List<Worker> workers, List<Listener> listeners,
                         Map<String, Object> settings) {

    /**
     * One live worker.
     *
     * @param slot         its slot number (stable across replacement: a replacement takes over the
     *                     slot of the worker it replaces, which may still be stopping)
     * @param pid          its pid
     * @param age          the master's spawn counter when it was started
     * @param generation   the generation it serves
     * @param state        {@code booting}, {@code ready}, {@code retiring} (serving until its
     *                     replacement boots) or {@code stopping} (draining)
     * @param spawnedNanos when it was started ({@link System#nanoTime()})
     */
    public record Worker(int slot, long pid, int age, int generation, String state, long spawnedNanos) {

        /** Tells whether it serves new requests: booted and not draining. */
        public boolean serving() {
            return state.equals("ready") || state.equals("retiring");
        }
    }

    /**
     * One listening socket.
     *
     * @param url its address as logged ({@code http://127.0.0.1:8000}, {@code unix:/run/x.sock})
     * @param fd  its descriptor in the master
     * @param tcp whether it is a TCP socket (Linux tells a TCP listener's queue length)
     */
    public record Listener(String url, int fd, boolean tcp) {
    }

    /** A view of a master that has not published yet. */
    public static MasterView starting(long pid, String version) {
        return new MasterView(pid, version, System.currentTimeMillis(), System.nanoTime(), 0, 0, false, false,
                List.of(), List.of(), Map.of());
    }

    /** Returns how many workers serve new requests. */
    public int servingWorkers() {
        return (int) workers.stream().filter(Worker::serving).count();
    }
}
