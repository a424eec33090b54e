package io.loomicorn.engine;

/**
 * Formats one thread's stack for the error log: where a timed-out request was stuck.
 * Works for virtual threads, which the JVM's SIGQUIT dump does not list.
 */
public final class StackDump {

    private static final int MAX_FRAMES = 64;

    private StackDump() {
    }

    /**
     * Formats a thread's stack, one frame a line, for a log message.
     *
     * @param thread the thread, or null
     * @return the text, starting with a line break
     */
    public static String of(Thread thread) {
        if (thread == null) {
            return " (no thread)";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(System.lineSeparator()).append('"').append(thread.getName()).append('"')
                .append(thread.isVirtual() ? " virtual" : "").append(" state=").append(thread.getState());
        StackTraceElement[] frames = thread.getStackTrace();
        for (int i = 0; i < frames.length && i < MAX_FRAMES; i++) {
            sb.append(System.lineSeparator()).append("    at ").append(frames[i]);
        }
        if (frames.length > MAX_FRAMES) {
            sb.append(System.lineSeparator()).append("    ... ").append(frames.length - MAX_FRAMES).append(" more");
        }
        return sb.toString();
    }
}
