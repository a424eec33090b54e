package io.loomicorn.worker;

/**
 * Where a worker's boot time goes after {@code main}, logged at debug level once it
 * serves: {@code handshake 8 ms, settings 31 ms, logging 95 ms, ...}. The master logs the
 * whole time from spawn to serving; the difference is the JVM's own start.
 */
final class BootTimeline {

    private final StringBuilder spans = new StringBuilder();
    private long last;

    BootTimeline() {
        last = System.nanoTime();
    }

    void mark(String phase) {
        long now = System.nanoTime();
        spans.append(spans.isEmpty() ? "" : ", ").append(phase).append(' ').append((now - last) / 1_000_000).append(" ms");
        last = now;
    }

    @Override
    public String toString() {
        return spans.toString();
    }
}
