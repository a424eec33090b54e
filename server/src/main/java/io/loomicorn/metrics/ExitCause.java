package io.loomicorn.metrics;

import java.util.Locale;

/** Why a worker process ended, as the master's model ({@code Roster}) tells it; a label of the exit metrics. */
public enum ExitCause {
    /** It used up {@code max_requests} and was replaced. */
    RECYCLED,
    /** The master stopped it: a reload (HUP, a code change), TTOU, or the master's own stop. */
    STOPPED,
    /** It stopped beating for {@code timeout} and was killed (WORKER TIMEOUT). */
    TIMEOUT,
    /** It ran out of Java heap and exited at once ({@code -XX:+ExitOnOutOfMemoryError}). */
    OOM,
    /** A signal the master did not send killed it (the kernel's OOM killer sends SIGKILL). */
    SIGNAL,
    /** It exited on its own while serving. */
    CRASH,
    /** It exited before it could serve. */
    BOOT_FAILED;

    /** Returns the label value, e.g. {@code boot_failed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
