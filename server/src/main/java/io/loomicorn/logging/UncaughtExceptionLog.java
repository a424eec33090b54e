package io.loomicorn.logging;

/**
 * Writes an exception that ends a thread to the error log, in its format and at
 * {@code ERROR}, where the JVM would print a bare stack trace on standard error.
 *
 * <p>{@link Logging} installs it as the JVM's default handler once the error log is set up,
 * in the master and in each worker, before the application loads: a thread of the
 * server's or of the application's that dies of an exception leaves one error-log entry
 * (its thread's name, then the trace), which a log file, syslog or a {@code logconfig}
 * receives like every other. An application that sets its own default handler replaces
 * this one, and keeps it when the master reloads its logging on HUP.
 */
final class UncaughtExceptionLog implements Thread.UncaughtExceptionHandler {

    private UncaughtExceptionLog() {
    }

    /** Makes this the JVM's default handler, unless the JVM has one already (an agent's, the application's). */
    static void install() {
        if (Thread.getDefaultUncaughtExceptionHandler() == null) {
            Thread.setDefaultUncaughtExceptionHandler(new UncaughtExceptionLog());
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        try {
            ServerLog.ERROR.error("Exception in thread \"{}\"", thread.getName(), e);
        } catch (Throwable logFailed) {
            // The error log itself is broken: the JVM's own output, as without this handler.
            e.printStackTrace();
        }
    }
}
