package io.loomicorn.testing;

import io.loomicorn.master.MasterCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Loomicorn master, started as its own JVM for an end-to-end test, with its
 * output captured line by line. Closing it stops the master (TERM, then KILL) by pid, and
 * its workers with it.
 */
public final class LoomicornProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening at: https?://(\\S+):(\\d+) ");
    private static final Pattern BOOTING = Pattern.compile("Booting worker with pid: (\\d+)");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<Thread> pumps;

    private LoomicornProcess(Process process) {
        this.process = process;
        this.pumps = List.of(
                Thread.ofPlatform().daemon().start(() -> pump(process.getErrorStream(), lines)),
                Thread.ofPlatform().daemon().start(() -> pump(process.getInputStream(), stdout)));
    }

    /**
     * Starts a master with Loomicorn's jars from {@code loomicorn.lib} (set by the build)
     * or this JVM's class path.
     *
     * @param env  extra environment variables
     * @param dir  the working directory, or null
     * @param args the command line
     * @return the running master
     * @throws IOException if the JVM cannot start
     */
    public static LoomicornProcess start(Map<String, String> env, Path dir, String... args) throws IOException {
        return startCommand(command(args), env, dir);
    }

    /**
     * Starts a master through another program that execs it (e.g. one that passes it a
     * listening socket, as systemd does).
     *
     * @param launcher the program and its arguments, which are followed by the master's command
     * @param args     the master's command line
     * @return the running master (its pid is the launcher's, which execs the JVM)
     * @throws IOException if the program cannot start
     */
    public static LoomicornProcess startVia(List<String> launcher, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(command(args));
        return startCommand(cmd, Map.of(), null);
    }

    /**
     * Starts a master with a command of the test's own making (a systemd unit's
     * {@code ExecStart}, behind a program that execs it).
     *
     * @param command the whole command
     * @param env     extra environment variables
     * @return the running master (its pid is the command's)
     * @throws IOException if the program cannot start
     */
    public static LoomicornProcess startCommand(List<String> command, Map<String, String> env) throws IOException {
        return startCommand(command, env, null);
    }

    private static LoomicornProcess startCommand(List<String> command, Map<String, String> env, Path dir)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().remove("LOOMICORN_CMD_ARGS");
        pb.environment().remove("PORT");
        pb.environment().remove("WEB_CONCURRENCY");
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        return new LoomicornProcess(pb.start());
    }

    /**
     * Starts a master in the current directory.
     *
     * @param args the command line
     * @return the running master
     * @throws IOException if the JVM cannot start
     */
    public static LoomicornProcess start(String... args) throws IOException {
        return start(Map.of(), null, args);
    }

    /** The JVM command that runs the master, with the launcher's JVM options ({@link MasterCommand}). */
    public static List<String> command(String... args) {
        return MasterCommand.command(Path.of(System.getProperty("java.home"), "bin", "java").toString(), classPath(),
                List.of(), List.of(args));
    }

    /** Loomicorn's class path: the assembled distribution when the build provides it. */
    public static String classPath() {
        String lib = System.getProperty("loomicorn.lib");
        if (lib != null && Files.isDirectory(Path.of(lib))) {
            return Path.of(lib).toAbsolutePath() + "/*";
        }
        return System.getProperty("java.class.path");
    }

    /** Returns the master's pid. */
    public long pid() {
        return process.pid();
    }

    /** Returns the process. */
    public Process process() {
        return process;
    }

    /**
     * Waits until the master logs its first TCP listener and returns its port.
     *
     * @return the port
     */
    public int awaitPort() {
        Matcher m = LISTENING.matcher(awaitLog(l -> LISTENING.matcher(l).find(), Duration.ofSeconds(30)));
        if (!m.find()) {
            throw new AssertionError("no listener line");
        }
        return Integer.parseInt(m.group(2));
    }

    /** Returns every TCP port the master logged as listening, in order. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (String l : lines) {
            Matcher m = LISTENING.matcher(l);
            if (m.find()) {
                ports.add(Integer.parseInt(m.group(2)));
            }
        }
        return ports;
    }

    /**
     * Waits until {@code n} workers have logged that they boot, then until they can serve
     * (a short pause for the worker to reach its accept loop is included by polling).
     *
     * @param n how many boot lines to wait for
     * @return the pids of the workers that logged booting, in order
     */
    public List<Long> awaitWorkers(int n) {
        awaitLog(l -> BOOTING.matcher(l).find(), n, Duration.ofSeconds(60));
        return workerPids();
    }

    /** Returns the pids of every worker that ever logged booting. */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (String l : lines) {
            Matcher m = BOOTING.matcher(l);
            if (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
            }
        }
        return pids;
    }

    /**
     * Waits for a line that matches.
     *
     * @param match   the test
     * @param timeout how long to wait
     * @return the first matching line
     */
    public String awaitLog(Predicate<String> match, Duration timeout) {
        awaitLog(match, 1, timeout);
        return lines.stream().filter(match).findFirst().orElseThrow();
    }

    /**
     * Waits until a line containing {@code text} appears.
     *
     * @param text    the text
     * @param timeout how long to wait
     * @return the line
     */
    public String awaitLog(String text, Duration timeout) {
        return awaitLog(l -> l.contains(text), timeout);
    }

    private void awaitLog(Predicate<String> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines.stream().filter(match).count() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + count
                        + " matching log line(s); exited: " + !process.isAlive() + "; log:\n" + log());
            }
            sleep(20);
        }
    }

    /** Counts the lines that contain {@code text}. */
    public long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    /** Returns the captured stderr (the error log). */
    public String log() {
        return String.join("\n", lines);
    }

    /** Returns the captured stdout. */
    public String stdout() {
        return String.join("\n", stdout);
    }

    /**
     * Sends a signal to the master by pid.
     *
     * @param signal e.g. {@code TERM}, {@code HUP}, {@code TTIN}
     */
    public void signal(String signal) {
        signal(process.pid(), signal);
    }

    /**
     * Sends a signal to any process of this test by pid.
     *
     * @param pid    the process
     * @param signal the signal name
     */
    public static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Waits for the master to exit.
     *
     * @param timeout how long to wait
     * @return the exit code
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the master did not exit within " + timeout + "; log:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        awaitPumps();
        return process.exitValue();
    }

    /**
     * Waits until the output pumps have read the last lines: they end at the pipes' end of
     * file, which comes once the master and every worker that inherited its pipes are gone.
     */
    private void awaitPumps() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            for (Thread pump : pumps) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    pump.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Tells whether a process of this test is alive. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            signal("TERM");
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    private static void pump(InputStream in, List<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                sink.add(l);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
