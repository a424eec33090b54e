package io.loomicorn.logging;

import io.loomicorn.config.Config;
import io.loomicorn.internal.Posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets up the logging of a master or worker process from the settings.
 *
 * <p>The server's loggers ({@link ServerLog}) live in a log4j context of their own
 * ({@link ServerLoggerContext}); this class builds its configuration: either Loomicorn's
 * built-in one ({@link BuiltInConfiguration}: error log, access log, syslog) or the
 * user's {@code logconfig} file. Once set up, an exception that ends a thread is logged
 * there too ({@code UncaughtExceptionLog}). See {@code docs/logging.md}.
 */
public final class Logging {

    private static volatile AccessLog accessLog = AccessLog.NONE;
    private static LogSetup current;
    /** A copy of the master's standard error from before it was pointed at the error log file; -1 until then. */
    private static int originalStderr = -1;

    private Logging() {
    }

    /** Returns the access log of this process, as the settings configured it. */
    public static AccessLog accessLog() {
        return accessLog;
    }

    /**
     * Configures logging for this process; called at start and, in the master, on HUP.
     *
     * <p>A setup that fails at start (a log file that cannot be opened, a {@code logconfig}
     * log4j cannot read) ends the process with exit code 1 and a one-line error, as
     * gunicorn refuses to start; a failure on HUP keeps the running setup and logs an error.
     *
     * @param config the settings
     * @param role   {@code master} or {@code worker}
     */
    public static synchronized void configure(Config config, String role) {
        System.setProperty("loomicorn.role", role); // for ${sys:loomicorn.role} in a logconfig
        try {
            apply(LogSetup.from(config, role));
        } catch (IOException | RuntimeException e) {
            if (current == null) {
                System.err.println("Error: cannot set up logging: " + e.getMessage());
                System.exit(1);
            }
            ServerLog.ERROR.error("Reloading the logging configuration failed, keeping the previous one: {}", e.getMessage());
        }
    }

    /**
     * Starts log4j on a thread of its own and returns at once: a worker calls it first thing,
     * so that log4j's own start, which needs no setting, runs while the worker waits for the
     * master's handshake and reads its settings. In a JVM with the worker AOT cache, at load
     * average 11, that start took 110-160 ms (its plugin registry, the first layouts), and
     * {@link #configure} after it 1-7 ms. {@link #configure} waits for it when it comes first
     * (the JVM's class initialisation lock).
     */
    public static void startInBackground() {
        Thread.ofPlatform().daemon().name("loomicorn-log-start").start(ServerLoggerContext::get);
    }

    /** Configures a console error log at INFO before the settings are known. */
    public static synchronized void bootstrap(String role) {
        BuiltInConfiguration.Sinks sinks = new BuiltInConfiguration.Sinks(StandardStream.STDERR, null, null);
        ServerLoggerContext.install(new BuiltInConfiguration(ServerLoggerContext.get(), LogSetup.bootstrap(role), sinks));
    }

    /**
     * Applies a setup.
     *
     * @param setup the resolved settings
     * @throws IOException if a log file or syslog socket cannot be opened
     */
    static synchronized void apply(LogSetup setup) throws IOException {
        if (setup.logConfig() != null) {
            UserConfiguration.install(ServerLoggerContext.get(), setup.logConfig());
        } else {
            BuiltInConfiguration.Sinks sinks = open(setup);
            try {
                ServerLoggerContext.install(new BuiltInConfiguration(ServerLoggerContext.get(), setup, sinks));
            } catch (RuntimeException e) {
                sinks.close();
                throw e;
            }
        }
        if (setup.role().equals("master")) {
            // Workers get their descriptors from the master's spawner; the master does its own.
            CapturedOutput.redirect(setup.errorLog(), capturedDescriptors(setup));
            pointStandardError(setup);
        }
        accessLog = setup.accessEnabled()
                ? new ServerAccessLog(setup.accessFormat(), setup.accessFields(), setup.accessLine(), ServerLog.ACCESS)
                : AccessLog.NONE;
        current = setup;
        UncaughtExceptionLog.install();
    }

    private static BuiltInConfiguration.Sinks open(LogSetup setup) throws IOException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            LogTarget error = setup.errorLog() == null ? StandardStream.STDERR : new LogFile(setup.errorLog());
            opened.add(error::close);
            LogTarget access = null;
            if (setup.accessLog() != null) {
                access = setup.accessLog().equals("-") ? StandardStream.STDOUT : new LogFile(Path.of(setup.accessLog()));
                opened.add(access::close);
            }
            SyslogTransport syslog = setup.syslog() == null ? null : SyslogTransport.open(setup.syslog().address());
            return new BuiltInConfiguration.Sinks(error, access, syslog);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            throw e;
        }
    }

    /**
     * Reopens the log files (USR1), so that logrotate can move them away: every file
     * appender opens its file again by name, and the descriptors that {@code capture_output}
     * (and, in a worker, the master's spawner) pointed at the error log follow.
     */
    public static synchronized void reopen() {
        LogSetup setup = current;
        if (setup == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (setup.logConfig() != null) {
            try {
                UserConfiguration.reopen(ServerLoggerContext.get(), setup.logConfig());
            } catch (RuntimeException e) {
                bootstrap(setup.role());
                problems.add("Cannot reload " + setup.logConfig() + ", logging to stderr: " + e.getMessage());
            }
        } else {
            problems.addAll(LogFiles.reopenAll());
        }
        try {
            CapturedOutput.redirect(setup.errorLog(), reopenedDescriptors(setup));
        } catch (IOException e) {
            problems.add("Cannot reopen standard output and error: " + e.getMessage());
        }
        problems.forEach(ServerLog.ERROR::error);
    }

    /**
     * Master, once it has started: points its standard error at the error log file, as the
     * spawner does for every worker, so that what the JVM itself writes there (the thread
     * dump of QUIT, with {@code -XX:+DisplayVMOutputToStderr} from {@code master.jvm}) lands in
     * the error log. With {@code errorlog = -} standard error already is the error log. HUP
     * and USR1 keep it on the current file; {@link #console} still reaches the original.
     */
    public static synchronized void sendStandardErrorToErrorLog() {
        if (current == null || !current.role().equals("master") || originalStderr >= 0) {
            return;
        }
        try {
            System.err.flush();
            originalStderr = Posix.dup(2);
            pointStandardError(current);
        } catch (IOException e) {
            ServerLog.ERROR.warn("Cannot point standard error at the error log: {}", e.getMessage());
        }
    }

    /**
     * Writes one line where the person who started the master reads it: its standard error
     * as it was at start, even after {@link #sendStandardErrorToErrorLog}.
     *
     * @param line the line, without its end
     */
    public static synchronized void console(String line) {
        if (originalStderr < 0) {
            System.err.println(line);
            return;
        }
        byte[] bytes = (line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        try {
            Posix.write(originalStderr, bytes, 0, bytes.length);
        } catch (IOException e) {
            System.err.println(line);
        }
    }

    private static void pointStandardError(LogSetup setup) throws IOException {
        if (originalStderr < 0) {
            return;
        }
        if (setup.errorLog() != null) {
            CapturedOutput.redirect(setup.errorLog(), 2);
        } else {
            Posix.dup2(originalStderr, 2);
        }
    }

    /** Writes out buffered access lines and closes the log files; the JVM's exit does this too. */
    public static void shutdown() {
        ServerLoggerContext.stop();
    }

    /** Descriptors the master points at the error log: both with {@code capture_output}. */
    private static int[] capturedDescriptors(LogSetup setup) {
        return setup.captureOutput() && setup.errorLog() != null ? new int[] {1, 2} : new int[0];
    }

    /**
     * Descriptors to point at the new error log on USR1: standard error whenever the error
     * log is a file and it was sent there (in a worker by the master's spawner, in the master
     * by {@link #sendStandardErrorToErrorLog}), and standard output with {@code capture_output}.
     */
    private static int[] reopenedDescriptors(LogSetup setup) {
        if (setup.errorLog() == null) {
            return new int[0];
        }
        if (setup.captureOutput()) {
            return new int[] {1, 2};
        }
        return !setup.role().equals("master") || originalStderr >= 0 ? new int[] {2} : new int[0];
    }
}
