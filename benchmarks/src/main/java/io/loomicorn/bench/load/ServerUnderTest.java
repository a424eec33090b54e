package io.loomicorn.bench.load;

import io.loomicorn.master.MasterCommand;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server being measured, running as its own processes: a Loomicorn master and its
 * worker JVMs, or a baseline's single JVM (Undertow, Helidon). It is started on a free loopback
 * port (the port is read from its {@code Listening at:} line), its output goes to a log
 * file, and {@link #close()} stops it by pid (TERM, then KILL).
 */
public final class ServerUnderTest implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening at: http://[^\\s]*:(\\d+)");
    private static final Pattern BOOTING = Pattern.compile("Booting worker with pid: (\\d+)");
    private static final String TRAINING = "Training the worker AOT cache";
    private static final long TRAINING_GRACE_NANOS = Duration.ofSeconds(5).toNanos();
    /** The master's lines that end a training: ready, dropped, failed, not written. */
    private static final Pattern TRAINING_ENDED = Pattern.compile(
            "AOT cache ready|AOT cache trained; it is dropped|training JVM failed|AOT cache could not be written");

    private final String name;
    private final boolean loomicorn;
    private final Process process;
    private final Path log;
    private final int expectedWorkers;
    private int port = -1;

    private ServerUnderTest(String name, boolean loomicorn, Process process, Path log, int expectedWorkers) {
        this.name = name;
        this.loomicorn = loomicorn;
        this.process = process;
        this.log = log;
        this.expectedWorkers = expectedWorkers;
    }

    /**
     * Starts a Loomicorn master with {@code DemoApp}.
     *
     * @param workerClass the {@code -k} name
     * @param java        the {@code java} executable
     * @param lib         the distribution's {@code lib} directory
     * @param workers     the worker count
     * @param extraArgs   further Loomicorn options
     * @param log         where the master's and workers' output goes
     * @return the started (not yet ready) server
     * @throws IOException if the process cannot start
     */
    public static ServerUnderTest loomicorn(String workerClass, Path java, Path lib, int workers,
                                            List<String> extraArgs, Path log) throws IOException {
        // The launcher's JVM options (master.jvm and required.jvm), so that the master measured is the one users run.
        List<String> args = new ArrayList<>(List.of("-k", workerClass, "-w", Integer.toString(workers), "-b", "127.0.0.1:0"));
        args.addAll(extraArgs);
        args.add("io.loomicorn.examples.DemoApp");
        List<String> cmd = MasterCommand.command(java.toString(), lib.toAbsolutePath() + "/*", List.of(), args);
        return new ServerUnderTest(workerClass, true, start(cmd, log), log, workers);
    }

    /**
     * Starts the Undertow baseline ({@link UndertowBaseline}) from this JVM's class path.
     *
     * @param java    the {@code java} executable
     * @param threads Undertow's I/O threads
     * @param log     where its output goes
     * @return the started (not yet ready) server
     * @throws IOException if the process cannot start
     */
    public static ServerUnderTest undertow(Path java, int threads, Path log) throws IOException {
        List<String> cmd = List.of(java.toString(), "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), UndertowBaseline.class.getName(),
                "127.0.0.1", "0", Integer.toString(threads));
        return new ServerUnderTest("undertow", false, start(cmd, log), log, 0);
    }

    /**
     * Starts Undertow with Loomicorn's process layout ({@link UndertowPairBaseline}): one JVM
     * per worker, one I/O thread each, on one port, under a parent that serves nothing.
     *
     * @param java the {@code java} executable
     * @param jvms how many Undertow JVMs
     * @param log  where their output goes
     * @return the started (not yet ready) server
     * @throws IOException if the process cannot start
     */
    public static ServerUnderTest undertowPair(Path java, int jvms, Path log) throws IOException {
        List<String> cmd = List.of(java.toString(), "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), UndertowPairBaseline.class.getName(),
                "127.0.0.1", Integer.toString(jvms));
        return new ServerUnderTest("undertow-pair", false, start(cmd, log), log, 0);
    }

    /**
     * Starts the Helidon baseline ({@code HelidonBaseline}) with Helidon's own jars, which
     * the build copies to {@code helidon-lib} next to {@code benchmarks.jar}.
     *
     * @param java the {@code java} executable
     * @param log  where its output goes
     * @return the started (not yet ready) server
     * @throws IOException if the process cannot start, or Helidon's jars are missing
     */
    public static ServerUnderTest helidon(Path java, Path log) throws IOException {
        return new ServerUnderTest("helidon", false, start(helidonCommand(java, "0"), log), log, 0);
    }

    /**
     * The command that runs the Helidon baseline on a loopback port.
     *
     * @param java the {@code java} executable
     * @param port the port argument: a number, 0 for a free one, or a template
     * @return the command
     * @throws IOException if Helidon's jars are not next to {@code benchmarks.jar}
     */
    static List<String> helidonCommand(Path java, String port) throws IOException {
        String classPath = System.getProperty("java.class.path");
        Path jar = Path.of(classPath.split(File.pathSeparator)[0]).toAbsolutePath();
        Path lib = jar.resolveSibling("helidon-lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException("no Helidon jars at " + lib + "; rebuild benchmarks.jar (benchmarks/run does it when stale)");
        }
        // The class is named, not referenced: this JVM has no Helidon on its class path.
        return List.of(java.toString(), "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", classPath + File.pathSeparator + lib + "/*", "io.loomicorn.bench.load.HelidonBaseline",
                "127.0.0.1", port);
    }

    private static Process start(List<String> javaCommand, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        // Raise the open-file limit for the server (idle-connection scenario) where the hard
        // limit allows it; exec keeps the pid, so the pid we hold is the JVM's.
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "ulimit -n 65536 2>/dev/null || ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec \"$@\"",
                "loomicorn-bench"));
        cmd.addAll(javaCommand);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("LOOMICORN_CMD_ARGS");
        pb.environment().remove("WEB_CONCURRENCY");
        pb.environment().remove("PORT");
        return ChildProcesses.get().track(pb.start());
    }

    /**
     * Waits until the server listens, its workers have booted, and it answers
     * {@code GET /} with 200.
     *
     * @param limit the longest wait
     * @throws IOException if it exits or does not become ready in time; the message
     *                     carries the end of its log
     */
    public void awaitReady(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String text = logText();
            Matcher m = LISTENING.matcher(text);
            if (port < 0 && m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            if (port > 0 && countBooted(text) >= expectedWorkers && ResponseProbe.ok(port, Duration.ofSeconds(2))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with status " + process.exitValue() + " before it served; log:\n"
                        + tail(20));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(name + " did not serve within " + limit.toSeconds() + " s; log:\n" + tail(20));
            }
            sleep(100);
        }
    }

    /**
     * Waits until a worker AOT cache training that the master started in the background has
     * ended. The trainer is a JVM under the master, so the CPU it burns would count as the
     * server's in the first scenarios (a bytes-1mib run showed reactor at 945 µs/request with
     * the trainer, against about 320 in a window without it).
     *
     * @param limit the longest wait
     * @return {@code false} if the training still ran when the wait ended
     */
    public boolean awaitAotTraining(Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (true) {
            String text = logText();
            // The master starts a due training on its first tick after the workers serve, so
            // a few seconds without the line mean that the cache existed.
            boolean none = !text.contains(TRAINING) && System.nanoTime() - start > TRAINING_GRACE_NANOS;
            if (!loomicorn || none || TRAINING_ENDED.matcher(text).find()) {
                return true;
            }
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(250);
        }
    }

    private static int countBooted(String text) {
        int n = 0;
        Matcher m = BOOTING.matcher(text);
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The server's name: the worker class, {@code undertow} or {@code helidon}. */
    public String name() {
        return name;
    }

    /** Whether this is a Loomicorn master (else a baseline). */
    public boolean isLoomicorn() {
        return loomicorn;
    }

    /** The port it listens on, once {@link #awaitReady} returned. */
    public int port() {
        return port;
    }

    /** The pid of the process started (the master's, or the baseline's). */
    public long pid() {
        return process.pid();
    }

    /** Whether the main process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The log file. */
    public Path log() {
        return log;
    }

    /**
     * Samples the CPU time and RSS of the server's processes: the master and every
     * descendant (its workers), or a baseline's one JVM.
     *
     * @return one sample per live process, the main process first
     */
    public List<ProcessMetrics.Sample> sample() {
        List<ProcessMetrics.Sample> out = new ArrayList<>();
        ProcessMetrics.Sample main = ProcessMetrics.sample(process.pid(), loomicorn ? "master" : "server");
        if (main != null) {
            out.add(main);
        }
        process.toHandle().descendants().filter(p -> !aotTrainer(p)).forEach(p -> {
            ProcessMetrics.Sample s = ProcessMetrics.sample(p.pid(), "worker");
            if (s != null) {
                out.add(s);
            }
        });
        return out;
    }

    /**
     * Tells whether a descendant is a worker AOT cache trainer, or a JVM the trainer started
     * to write the cache: neither serves, and {@link #awaitAotTraining} normally lets them end
     * before any window.
     */
    private boolean aotTrainer(ProcessHandle p) {
        for (ProcessHandle h = p; h != null && h.pid() != process.pid(); h = h.parent().orElse(null)) {
            String[] args = h.info().arguments().orElse(new String[0]);
            for (String a : args) {
                if (a.startsWith("-XX:AOTCacheOutput") || a.startsWith("-XX:AOTMode=create")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Returns the last lines of the log.
     *
     * @param lines how many
     * @return the text
     */
    public String tail(int lines) {
        String[] all = logText().split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
            sb.append("  ").append(all[i]).append('\n');
        }
        return sb.toString();
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the server and its workers (TERM, then KILL after a few seconds). */
    @Override
    public void close() {
        ChildProcesses.get().stop(process.toHandle(), Duration.ofSeconds(5));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
