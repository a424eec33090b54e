package io.loomicorn.master;

import io.loomicorn.worker.AppClassPath;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.engine.ConnectionShare;
import io.loomicorn.internal.JvmFlags;
import io.loomicorn.internal.Posix;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.metrics.WorkerMetrics;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.worker.ControlChannel;
import io.loomicorn.worker.Heartbeat;
import io.loomicorn.worker.WorkerHandshake;
import io.loomicorn.worker.WorkerMain;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Starts worker JVMs with the listeners on descriptor 0.
 *
 * <p>The JDK's launcher keeps only descriptors 0, 1 and 2 in a child. So for each
 * worker the master makes a Unix socket pair, places the worker's end on its own
 * descriptor 0 for the instant of {@link ProcessBuilder#start()} (with stdin set to
 * {@code INHERIT}), and then sends the handshake over its end: the settings as text,
 * and the heartbeat and listener descriptors as {@code SCM_RIGHTS}. The same pair stays
 * open as the control channel. Spawns are serialised, since descriptor 0 is
 * process-wide.
 */
final class WorkerSpawner {

    /**
     * Defaults for worker JVMs, chosen for many small processes (measured in the issue
     * notes): the serial collector has the smallest footprint and no GC threads to
     * share the cores with; a small initial heap keeps an idle worker's resident memory
     * near 80 MiB instead of 110 (the heap still grows on demand); VM output (the SIGQUIT
     * thread dump) goes to stderr, which is the error log. {@code worker_jvm_args} come
     * after these and override them.
     */
    private static final String SERIAL_COLLECTOR = "-XX:+UseSerialGC";

    /** The options that pick HotSpot's collectors. */
    private static final Set<String> COLLECTORS = Set.of(SERIAL_COLLECTOR, "-XX:+UseParallelGC", "-XX:+UseG1GC",
            "-XX:+UseZGC", "-XX:+UseShenandoahGC", "-XX:+UseEpsilonGC");

    /**
     * The packages and classes whose code a worker runs at boot and hardly ever after: the
     * class-file API that spins the FFM downcall stubs and lambda forms, the FFM linker, jar
     * and module reading, the HOCON parser. The JIT compiles their methods after 3x the usual
     * invocations and loops ({@code CompileThresholdScaling} for these methods only). Per
     * worker at BOOTED (load 25), C1 and C2 spent as much CPU compiling as the main thread
     * spent running (main 170-210 ms, C1 70-170, C2 60-160), and the compilers' freed arenas
     * left idle RSS at 69-83 MiB. Scaling every method's thresholds instead cut the workers'
     * CPU to the first 200 by a third, but read 1.02-1.04x CPU per plaintext request.
     */
    static final List<String> BOOT_ONLY_CODE = List.of(
            "jdk.internal.classfile.*", "java.lang.classfile.*", "java.lang.constant.*", "jdk.internal.constant.*",
            "jdk.internal.foreign.abi.*", "java.lang.invoke.InvokerBytecodeGenerator",
            "java.lang.invoke.LambdaFormEditor", "java.lang.invoke.ClassSpecializer*", "java.util.zip.*",
            "java.util.jar.*", "jdk.internal.loader.*", "jdk.internal.jimage.*", "java.lang.module.*",
            "jdk.internal.module.*", "com.typesafe.config.*");

    static final List<String> DEFAULT_WORKER_FLAGS = Stream.concat(Stream.of(
            SERIAL_COLLECTOR,
            "-Xms8m",
            "-XX:+DisplayVMOutputToStderr",
            // A worker that runs out of heap exits at once (code 3), and the master replaces it,
            // rather than limping on with threads that died of OutOfMemoryError.
            "-XX:+ExitOnOutOfMemoryError",
            // glibc keeps what the boot's compilations freed (the JVM hands their arena chunks
            // back to malloc 5 s after it starts), as it did for the master: trimming once a
            // second returns it. Idle -w 2 workers 10 s after the first 200, medians of 6: RSS
            // vthread 67.4 -> 62.2 MiB, reactor 72.8 -> 68.2 (PSS 44.7 -> 39.8, 49.5 -> 44.8).
            "-XX:TrimNativeHeapInterval=1000",
            // log4j's JMX MBeans cost a tenth of a second at boot and nothing uses them.
            "-Dlog4j2.disableJmx=true",
            // JDK 25.0.3 fails to link some adapters it stored in the AOT cache and prints two
            // warnings per worker boot; without adapter caching the boot time is the same
            // (8 boots each way: median 424 against 434 ms) and the error log stays clean.
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:-AOTAdapterCaching",
            // No method profiles in the AOT cache (JEP 515) and none replayed: with them the
            // JIT compiles the boot's code as soon as it runs (845 level-2 compilations by
            // BOOTED), and C1 and C2 spent 270 ms of CPU per boot against the main thread's
            // 170; without them 150 ms. The steady state does not use them: the JIT profiles
            // the request path itself within the first requests.
            "-XX:-AOTRecordTraining",
            "-XX:-AOTReplayTraining",
            // Without it, the JVM prints each CompileCommand on standard output.
            "-XX:CompileCommand=quiet"),
            BOOT_ONLY_CODE.stream().map(code -> "-XX:CompileCommand=CompileThresholdScaling," + code + "::*,3.0"))
            .toList();

    /**
     * The initial heap of a worker that serves TLS ({@code certfile}), in place of the
     * default's 8 MiB, when Loomicorn sizes the heap (never above that heap). A TLS 1.3
     * handshake allocates about 210 KB, nearly all of it in JSSE, and 50 handshakes in flight
     * keep about 1.5 MiB live. With 8 MiB the serial collector's young generation is 2 MiB
     * with 256 KiB survivor spaces, resized only after a full collection, which never came:
     * it collected every 10 handshakes and promoted what was live, and the old generation
     * grew without bound (worker RSS 92 to 435 MiB in 3 minutes of handshakes). 64 MiB
     * gives a 21 MiB young generation: 12 collections per 1,000 handshakes instead of 97,
     * and 133 MiB under the same load (one vthread worker, a handshake per request; Undertow
     * on the JVM's default heap: 2). It costs an idle worker about 13 MiB of RSS, so
     * plain-HTTP workers keep the small heap. 128 MiB (a 42 MiB young generation) halves the
     * collections again: with -w 2 and 50 new handshakes at a time, 5.5 young collections per
     * 1,000 handshakes instead of 11, and the VM thread's CPU per handshake 5.9 µs instead of
     * 11.4 (Undertow 3.3; medians of 7 alternating 10 s windows), for 13 to 18 MiB more RSS
     * per worker under that load. The CPU per handshake, about 850 µs, cannot show 0.7% on a
     * shared machine.
     */
    static final long TLS_INITIAL_HEAP = 128L << 20;

    /** systemd's variables for the master, which workers do not inherit. */
    private static final List<String> SYSTEMD_VARIABLES = List.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID",
            "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES");

    private static final Object FD0 = new Object();

    private final String java;
    private final String classPath;
    private final MemoryLimit memory;
    private volatile List<String> workerClassFlags = List.of();
    private int devNull = -1;
    /** The memory every worker maps to share its count of open connections ({@link ConnectionShare}). */
    private int shareFd = -1;

    WorkerSpawner() {
        this(MemoryLimit.system());
    }

    WorkerSpawner(MemoryLimit memory) {
        this.memory = memory;
        this.java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        this.classPath = System.getProperty("java.class.path");
    }

    /**
     * Sets the worker class whose workers this spawner starts.
     *
     * <p>It takes the JVM options the worker class contributes to its workers
     * ({@code WorkerFactory.workerJvmArgs}: for example the virtual-thread scheduler's
     * properties, which must be set before the application loads); they reach every
     * worker's command line, the AOT cache's fingerprint and its training JVM through
     * {@link #flags(Config)}.
     *
     * @param factory the worker class
     * @param config  the settings in force
     */
    void workerClass(WorkerFactory factory, Config config) {
        workerClassFlags = List.copyOf(factory.workerJvmArgs(config));
    }

    /**
     * Starts one worker and sends it its handshake.
     *
     * @param config      the settings in force
     * @param listeners   the listeners to hand over
     * @param age         the spawn counter
     * @param maxRequests the request budget, jitter included
     * @param mode        {@link WorkerHandshake#SERVE} or {@link WorkerHandshake#CHECK}
     * @param identity    the user and group to run as, or null
     * @return the handle
     * @throws IOException if the process cannot be started
     */
    WorkerJvm spawn(Config config, List<BoundListener> listeners, int age, long maxRequests, String mode,
                    int[] identity) throws IOException {
        return spawn(config, listeners, age, maxRequests, mode, identity, List.of(), -1, null);
    }

    /**
     * Starts one worker with extra JVM options (the AOT cache's).
     *
     * @param config      the settings in force
     * @param listeners   the listeners to hand over
     * @param age         the spawn counter
     * @param maxRequests the request budget, jitter included
     * @param mode        the handshake mode
     * @param identity    the user and group to run as, or null
     * @param extraFlags  JVM options added after {@code worker_jvm_args}
     * @param slot        the worker's slot, or -1
     * @param appMetricsSocket where it serves its application's metrics, or null
     * @return the handle
     * @throws IOException if the process cannot be started
     */
    WorkerJvm spawn(Config config, List<BoundListener> listeners, int age, long maxRequests, String mode,
                    int[] identity, List<String> extraFlags, int slot, Path appMetricsSocket) throws IOException {
        int[] pair = Posix.socketPair();
        int heartbeatFd = heartbeatMemory(config);
        Heartbeat heartbeat = null;
        WorkerMetrics metrics = null;
        Process process;
        try {
            heartbeat = Heartbeat.map(heartbeatFd);
            metrics = WorkerMetrics.map(heartbeatFd);
            ProcessBuilder pb = new ProcessBuilder(command(config, extraFlags))
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            String errorlog = config.get(Settings.ERRORLOG);
            if (WorkerHandshake.TRAIN.equals(mode)) {
                // The JDK narrates the AOT cache's creation on stdout; that is not the user's business.
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            } else if (!errorlog.equals("-")) {
                // The JVM's own output (a SIGQUIT thread dump above all) belongs in the error log.
                pb.redirectError(ProcessBuilder.Redirect.appendTo(new File(errorlog)));
                if (config.get(Settings.CAPTURE_OUTPUT)) {
                    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(errorlog)));
                }
            }
            Optional<String> chdir = config.get(Settings.CHDIR);
            chdir.ifPresent(dir -> pb.directory(new File(dir)));
            Map<String, String> env = pb.environment();
            // systemd speaks to the master only (NotifyAccess=main); the sockets are the master's.
            SYSTEMD_VARIABLES.forEach(env::remove);
            for (String kv : config.get(Settings.RAW_ENV)) {
                int eq = kv.indexOf('=');
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            synchronized (FD0) {
                if (devNull < 0) {
                    devNull = Posix.openReadWrite("/dev/null");
                }
                Posix.dup2(pair[1], 0);
                try {
                    process = pb.start();
                } finally {
                    Posix.dup2(devNull, 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            Posix.close(pair[0]);
            Posix.close(pair[1]);
            Posix.close(heartbeatFd);
            if (heartbeat != null) {
                heartbeat.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
        Posix.close(pair[1]);
        WorkerInfo info = new WorkerInfo(process.pid(), age, config.get(Settings.WORKER_CLASS), maxRequests);
        List<WorkerHandshake.ListenerSpec> specs = new ArrayList<>();
        int[] fds = new int[listeners.size()];
        for (int i = 0; i < listeners.size(); i++) {
            BoundListener l = listeners.get(i);
            specs.add(new WorkerHandshake.ListenerSpec(l.family().name(), l.display(),
                    l.tls(config.get(Settings.CERTFILE).isPresent())));
            fds[i] = l.fd();
        }
        WorkerHandshake hs = new WorkerHandshake(mode, config.toHocon(), specs, age, maxRequests,
                identity == null ? -1 : identity[0], identity == null ? -1 : identity[1], slot,
                appMetricsSocket == null ? "" : appMetricsSocket.toString());
        try {
            hs.send(pair[0], heartbeatFd, shareMemory(config), fds);
        } catch (IOException e) {
            // The worker died before reading: its exit is reaped like any other.
        } finally {
            Posix.close(heartbeatFd);
        }
        return new WorkerJvm(process, info, new ControlChannel(pair[0]), heartbeat, metrics);
    }

    /** The connection share, made once: every worker of this master maps the same memory. */
    private synchronized int shareMemory(Config config) throws IOException {
        if (shareFd < 0) {
            shareFd = sharedMemory(config, "loomicorn-connections", ConnectionShare.BYTES);
        }
        return shareFd;
    }

    /** The heartbeat's 8 bytes, then (from the next page) the worker's metrics. */
    private static int heartbeatMemory(Config config) throws IOException {
        return sharedMemory(config, "loomicorn-heartbeat", WorkerMetrics.SHARED_BYTES);
    }

    /** Zeroed memory to share with workers: a {@code memfd}, or an unlinked file under {@code worker_tmp_dir}. */
    private static int sharedMemory(Config config, String name, long bytes) throws IOException {
        Optional<String> dir = config.get(Settings.WORKER_TMP_DIR);
        if (dir.isEmpty()) {
            return Posix.memfd(name, bytes);
        }
        Path file = Files.createTempFile(Path.of(dir.get()), name + "-", "");
        try {
            Files.write(file, new byte[(int) bytes]);
            return Posix.openReadWrite(file.toString());
        } finally {
            Files.deleteIfExists(file); // the descriptors keep it alive, as gunicorn's unlinked temp file
        }
    }

    private List<String> command(Config config, List<String> extraFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add(ProcessName.workerOption(config)); // first, so that a narrow ps listing keeps it
        cmd.addAll(flags(config));
        cmd.addAll(extraFlags);
        cmd.add("-cp");
        cmd.add(classPath(config));
        cmd.add(WorkerMain.class.getName());
        return cmd;
    }

    /**
     * The worker JVM's options, built here and only here, in the order that decides which
     * one wins (the JVM takes the last of repeated options): Loomicorn's defaults and the
     * heap ({@link WorkerHeap}; with TLS, {@link #TLS_INITIAL_HEAP}), the worker class's own
     * ({@link #workerClass}), {@code spew}'s recording, then {@code worker_jvm_args} (so the
     * user overrides all of those), then the required ones ({@link JvmFlags}, which nobody
     * may drop). Per-spawn options (the AOT cache's) follow them.
     */
    List<String> flags(Config config) {
        List<String> flags = new ArrayList<>(DEFAULT_WORKER_FLAGS);
        if (config.get(Settings.WORKER_JVM_ARGS).stream().anyMatch(WorkerSpawner::selectsCollector)) {
            // The JVM refuses two collectors ("Multiple garbage collectors selected"), so the
            // user's choice replaces the default one instead of following it.
            flags.remove(SERIAL_COLLECTOR);
        }
        Optional<String> heap = WorkerHeap.option(config.get(Settings.WORKER_JVM_ARGS), memory.bytes(),
                config.get(Settings.WORKERS));
        heap.ifPresent(flags::add);
        if (heap.isPresent() && config.get(Settings.CERTFILE).isPresent()) {
            long initial = Math.min(TLS_INITIAL_HEAP, WorkerHeap.heapBytes(memory.bytes(), config.get(Settings.WORKERS)));
            flags.add("-Xms" + (initial >> 20) + "m");
        }
        flags.addAll(workerClassFlags);
        if (config.get(Settings.SPEW)) {
            flags.addAll(spewFlags(config));
        }
        flags.addAll(config.get(Settings.WORKER_JVM_ARGS));
        flags.addAll(JvmFlags.required());
        return flags;
    }

    /** Tells whether a JVM option picks a garbage collector: {@code -XX:+UseG1GC}, {@code -XX:+UseZGC}. */
    static boolean selectsCollector(String option) {
        return COLLECTORS.contains(option);
    }

    /** Says what heap a worker gets, for {@code /status}: {@code -Xmx448m (the cgroup's memory limit, 2048 MiB, 4 workers)}. */
    String heapSummary(Config config) {
        List<String> args = config.get(Settings.WORKER_JVM_ARGS);
        if (WorkerHeap.userSetsHeap(args)) {
            return "set by worker_jvm_args";
        }
        long limit = memory.bytes();
        return WorkerHeap.option(args, limit, config.get(Settings.WORKERS)).orElseThrow() + " (" + memory.source() + ", "
                + (limit >> 20) + " MiB, " + config.get(Settings.WORKERS) + " workers)";
    }

    /**
     * {@code spew}: gunicorn traces every Python line; the JVM's counterpart is a JFR
     * method trace (JEP 520). Each worker records every call of a method of the
     * application's class, with its stack, to {@code loomicorn-spew-PID.jfr} in
     * {@code worker_tmp_dir} (or the temporary directory), written when it exits.
     */
    static List<String> spewFlags(Config config) {
        String app = config.app();
        String appClass = app.indexOf(':') < 0 ? app : app.substring(0, app.indexOf(':'));
        return List.of("-XX:StartFlightRecording=method-trace=" + appClass
                        + ",filename=" + spewDirectory(config).resolve("loomicorn-spew-%p.jfr") + ",dumponexit=true",
                "-Xlog:jfr+startup=warning");
    }

    static Path spewDirectory(Config config) {
        return Path.of(config.get(Settings.WORKER_TMP_DIR).orElse(System.getProperty("java.io.tmpdir")));
    }

    /**
     * The worker's class path: Loomicorn's own, then the application's {@code classpath},
     * with {@code DIR/*} expanded here ({@link AppClassPath}) so that the worker sees the jars
     * the master saw, in the same order.
     */
    String classPath(Config config) {
        List<String> parts = new ArrayList<>();
        parts.add(classPath);
        for (Path entry : AppClassPath.expand(config.get(Settings.CLASSPATH))) {
            parts.add(entry.toString());
        }
        return String.join(File.pathSeparator, parts);
    }
}
