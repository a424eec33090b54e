package io.loomicorn.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load runner's command line, parsed. Every duration accepts {@code 10s},
 * {@code 500ms}, {@code 2m} or a plain number of seconds.
 *
 * @param classes            worker classes to measure; empty means every class found
 * @param withUndertow       whether Undertow's hello world runs as a baseline
 * @param withHelidon        whether Helidon SE's hello world runs as a baseline
 * @param withUndertowPair   whether Undertow also runs as one JVM per worker, one I/O thread each, on one port
 *                           ({@link UndertowPairBaseline}), as a baseline with Loomicorn's process layout
 * @param scenarios          scenarios to run, in order
 * @param serverWarmup       plaintext load applied once after each server starts, so that the
 *                           first scenario does not measure a cold JVM
 * @param warmup             load applied before each measured window, not recorded
 * @param duration           the measured window of each scenario
 * @param connections        concurrent connections of the plaintext, spin and bytes
 *                           scenarios, and the active ones of the idle scenario
 * @param sleepConnections   concurrent connections of the sleep scenario
 * @param idleConnections    idle keep-alive connections held in the idle scenario
 * @param timeout            a request slower than this counts as a timeout
 * @param rate               requests per second of the open-loop Java generator; 0 runs
 *                           closed-loop
 * @param maxRequests        a bound on the requests of one scenario (Java generator)
 * @param load               the load generator
 * @param wrkThreads         wrk's {@code -t}
 * @param workers            worker processes per Loomicorn server
 * @param out                the results directory, or null for
 *                           {@code benchmarks/results/<timestamp>}
 * @param root               the repository root
 * @param quick              whether the short settings of {@code --quick} apply
 * @param settleLimit        the longest wait for a server to become idle between scenarios
 * @param jmh                whether the JMH suite runs, and whether the load runs too
 * @param jmhArgs            extra JMH options
 * @param rounds             how many times the scenarios without idle connections run, with
 *                           every server kept up and their windows alternating in each round
 * @param workerJvmArgs      the Loomicorn servers' {@code worker_jvm_args}, or empty for their default
 */
public record BenchOptions(List<String> classes, boolean withUndertow, boolean withHelidon, boolean withUndertowPair,
                           List<Scenario> scenarios,
                           Duration serverWarmup, Duration warmup, Duration duration, int connections, int sleepConnections,
                           int idleConnections, Duration timeout, long rate, long maxRequests,
                           LoadChoice load, int wrkThreads, int workers, Path out, Path root, boolean quick,
                           Duration settleLimit, JmhMode jmh, List<String> jmhArgs, int rounds,
                           String workerJvmArgs) {

    /** Whether the JMH suite runs. */
    public enum JmhMode {
        /** Load scenarios only. */
        NONE,
        /** The JMH suite only. */
        ONLY,
        /** The load scenarios, then the JMH suite, into the same directory. */
        ALSO
    }

    /** Which load generator to use. */
    public enum LoadChoice {
        /** wrk when it is installed, else the Java generator. */
        AUTO,
        /** wrk; an error when it is missing. */
        WRK,
        /** The built-in Java generator. */
        JAVA
    }

    private static final java.util.Set<String> VALUE_OPTIONS = java.util.Set.of("-k", "--classes", "--worker-class",
            "--scenarios", "--server-warmup", "--warmup", "--duration", "--connections", "--sleep-connections", "--idle-connections",
            "--timeout", "--rate", "--max-requests", "--load", "--wrk-threads", "-w", "--workers", "--out", "--root",
            "--jmh-args", "--rounds", "--worker-jvm-args");

    /** The usage text. */
    public static final String USAGE = """
            Usage: benchmarks/run [OPTIONS]

            Starts each worker class with DemoApp (workers = cores) on a free loopback port,
            drives it through the scenarios and writes results.md, results.json and chart.svg
            under benchmarks/results/<timestamp>/.

              -k, --classes A,B        worker classes (default: every class the distribution has)
                  --with-undertow      also measure Undertow's hello world as a baseline
                  --with-helidon       also measure Helidon SE's hello world (virtual threads) as a baseline
                  --with-undertow-pair also measure Undertow as one JVM per worker (one I/O thread each,
                                       one port, SO_REUSEPORT): the baseline with Loomicorn's processes
                  --scenarios A,B      scenarios (default: all): %s
                  --quick              short run, under a minute: 2 s windows, a 1 s warm-up per server
                                       and none per scenario, 200 sleep and 1,000 idle connections
                  --server-warmup D    plaintext load once per server before its scenarios (default 5s)
                  --warmup D           warm-up before each scenario (default 3s)
                  --duration D         measured window of each scenario (default 10s)
                  --connections N      connections for plaintext, spin, bytes and the idle scenario's
                                       active load (default 50)
                  --sleep-connections N   connections for /sleep?ms=10 (default 1000)
                  --idle-connections N    idle keep-alive connections (default 10000)
                  --timeout D          a slower request counts as a timeout (default 10s)
                  --load wrk|java|auto load generator (default auto: wrk when installed)
                  --rate N             Java generator only: open loop at N requests/s per scenario,
                                       latency measured from the intended send time
                  --max-requests N     Java generator only: bound per scenario (default 50000000)
                  --wrk-threads N      wrk -t (default 1)
                  -w, --workers N      worker processes (default: cores)
                  --rounds N           run the scenarios without idle connections N times (odd N
                                       reads best), every server kept up and their windows back to
                                       back in each round, in an order that turns round by round;
                                       each row is the server's median round, with the rounds'
                                       range and its CPU per request against each baseline, taken
                                       round by round (default 1: one window each)
                  --out DIR            results directory
                  --root DIR           repository root (default: found from the working directory)
                  --worker-jvm-args "..."  worker JVM options for every Loomicorn server (its
                                       worker_jvm_args), to compare JVM settings between runs
                  -h, --help           this text

                  --jmh                run only the JMH suite (parser and writer benchmarks); results
                                       go to jmh.json and jmh.txt in the results directory
                  --with-jmh           run the load scenarios, then the JMH suite, into one directory
                  --jmh-args "..."     JMH options (default: -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc)
            """.formatted(String.join(", ", Scenario.names()));

    /**
     * Parses a command line.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException with a one-line message on a bad argument
     */
    public static BenchOptions parse(String... args) {
        boolean quick = List.of(args).contains("--quick");
        List<String> classes = List.of();
        boolean undertow = false;
        boolean helidon = false;
        boolean undertowPair = false;
        List<Scenario> scenarios = List.of(Scenario.values());
        Duration serverWarmup = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        Duration warmup = quick ? Duration.ZERO : Duration.ofSeconds(3);
        Duration duration = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
        int connections = 50;
        int sleepConnections = quick ? 200 : 1000;
        int idle = quick ? 1000 : 10_000;
        Duration timeout = quick ? Duration.ofSeconds(5) : Duration.ofSeconds(10);
        long rate = 0;
        long maxRequests = 50_000_000;
        LoadChoice load = LoadChoice.AUTO;
        int wrkThreads = 1;
        int workers = Runtime.getRuntime().availableProcessors();
        Path out = null;
        Path root = null;
        JmhMode jmh = JmhMode.NONE;
        List<String> jmhArgs = List.of("-f", "1", "-wi", "3", "-w", "1s", "-i", "5", "-r", "1s", "-prof", "gc");
        int rounds = 1;
        String workerJvmArgs = "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            switch (name) {
                case "--quick" -> { }
                case "--with-undertow" -> undertow = true;
                case "--with-helidon" -> helidon = true;
                case "--with-undertow-pair" -> undertowPair = true;
                case "--jmh" -> jmh = JmhMode.ONLY;
                case "--with-jmh" -> jmh = JmhMode.ALSO;
                case "-h", "--help" -> throw new HelpRequested();
                default -> {
                    if (!VALUE_OPTIONS.contains(name)) {
                        throw new IllegalArgumentException("unknown option " + a + " (see --help)");
                    }
                    String v = inline != null ? inline : value(args, ++i, name);
                    switch (name) {
                        case "-k", "--classes", "--worker-class" -> classes = list(v);
                        case "--scenarios" -> scenarios = list(v).stream().map(Scenario::byName).distinct().toList();
                        case "--warmup" -> warmup = duration(name, v);
                        case "--server-warmup" -> serverWarmup = duration(name, v);
                        case "--duration" -> duration = duration(name, v);
                        case "--connections" -> connections = positive(name, v);
                        case "--sleep-connections" -> sleepConnections = positive(name, v);
                        case "--idle-connections" -> idle = positive(name, v);
                        case "--timeout" -> timeout = duration(name, v);
                        case "--rate" -> rate = nonNegative(name, v);
                        case "--max-requests" -> maxRequests = positive(name, v);
                        case "--load" -> load = switch (v.toLowerCase(Locale.ROOT)) {
                            case "wrk" -> LoadChoice.WRK;
                            case "java" -> LoadChoice.JAVA;
                            case "auto" -> LoadChoice.AUTO;
                            default -> throw new IllegalArgumentException("--load takes wrk, java or auto, not '" + v + "'");
                        };
                        case "--wrk-threads" -> wrkThreads = positive(name, v);
                        case "-w", "--workers" -> workers = positive(name, v);
                        case "--out" -> out = Path.of(v);
                        case "--root" -> root = Path.of(v);
                        case "--jmh-args" -> jmhArgs = List.of(v.trim().split("\\s+"));
                        case "--rounds" -> rounds = positive(name, v);
                        case "--worker-jvm-args" -> workerJvmArgs = v.trim();
                        default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
                    }
                }
            }
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (rate > 0 && load == LoadChoice.WRK) {
            throw new IllegalArgumentException("--rate needs the Java generator (--load java); wrk runs closed-loop");
        }
        if (rate > 0 && load == LoadChoice.AUTO) {
            load = LoadChoice.JAVA;
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("--scenarios names none");
        }
        Duration settle = quick ? Duration.ofSeconds(10) : Duration.ofSeconds(30);
        return new BenchOptions(classes, undertow, helidon, undertowPair, scenarios, serverWarmup, warmup, duration, connections, sleepConnections,
                idle, timeout, rate, maxRequests, load, wrkThreads, workers, out, root, quick, settle, jmh, jmhArgs,
                rounds, workerJvmArgs);
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help", null, false, false);
        }
    }

    /** The number of connections the scenario drives actively. */
    public int activeConnections(Scenario scenario) {
        return scenario == Scenario.SLEEP ? sleepConnections : connections;
    }

    /** The idle connections the scenario holds. */
    public int idleConnections(Scenario scenario) {
        return scenario == Scenario.IDLE ? idleConnections : 0;
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank() && !out.contains(s.strip())) {
                out.add(s.strip());
            }
        }
        return List.copyOf(out);
    }

    private static int positive(String name, String v) {
        long n = nonNegative(name, v);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be a positive integer, not '" + v + "'");
        }
        return (int) n;
    }

    private static long nonNegative(String name, String v) {
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a non-negative integer, not '" + v + "'");
        }
    }

    /**
     * Parses {@code 10s}, {@code 500ms}, {@code 2m} or a number of seconds.
     *
     * @param name the option, for the message
     * @param v    the text
     * @return the duration
     */
    static Duration duration(String name, String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            if (s.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a duration such as 10s or 500ms, not '" + v + "'");
        }
    }
}
