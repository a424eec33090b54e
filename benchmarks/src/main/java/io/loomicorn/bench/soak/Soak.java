package io.loomicorn.bench.soak;

import io.loomicorn.master.MasterCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak: minutes of mixed load on loopback while faults are injected at random
 * (max_requests recycling runs all along; HUP, SIGKILL of a worker, TTIN then TTOU),
 * then a summary of requests, failures by cause, and the resident memory of the master
 * and of each worker over time. Clients keep their connections alive and never retry:
 * every failure counts. Run it with {@code benchmarks/soak.sh}; {@code SoakQuickTest}
 * runs a one-minute version without SIGKILL in CI. Exit code 1 if the master's memory
 * grew, or if {@code --zero-failures} was given and a request failed.
 */
public final class Soak {

    private static final Pattern LISTENING = Pattern.compile("Listening at: http://127\\.0\\.0\\.1:(\\d+) ");

    /** The faults: {@code hup}, {@code kill} (SIGKILL of a worker), {@code ttin} (TTIN, then TTOU 5 s later). */
    static final List<String> ALL_FAULTS = List.of("hup", "kill", "ttin");

    /**
     * What a soak saw.
     *
     * @param ok             requests answered with 200
     * @param failed         requests that failed
     * @param failures       failures by cause
     * @param faults         faults injected, by kind
     * @param masterAlive    whether the master was alive at the end
     * @param masterGrew     whether the master's memory grew by more than 10 %
     */
    public record Result(long ok, long failed, Map<String, Long> failures, Map<String, Long> faults,
                         boolean masterAlive, boolean masterGrew) {
    }

    private List<String> faultKinds = ALL_FAULTS;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> faults = new TreeMap<>();
    /** Failures by the fault injected in the 5 seconds before them. */
    private final Map<String, AtomicLong> failuresByFault = new ConcurrentHashMap<>();
    private volatile String lastFault = "";
    private volatile long lastFaultAt = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Every line the master printed, for the post-mortem of a failure. */
    private PrintWriter masterLog;
    private Path masterLogFile;

    /**
     * Runs the soak.
     *
     * @param args {@code --lib DIR} (Loomicorn's jars), {@code --minutes N} (10),
     *             {@code -k CLASS} (vthread), {@code --clients N} (32), {@code --seed N},
     *             {@code --faults hup,kill,ttin} (all), {@code --zero-failures} (exit 1 on any failure)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        boolean zeroFailures = List.of(args).contains("--zero-failures");
        Map<String, String> opts = options(List.of(args).stream().filter(a -> !a.equals("--zero-failures"))
                .toArray(String[]::new));
        if (!opts.containsKey("--lib")) {
            System.err.println("usage: Soak --lib distribution/target/loomicorn/lib [--minutes 10] [-k vthread]"
                    + " [--faults hup,kill,ttin] [--zero-failures]");
            System.exit(2);
        }
        Result r = new Soak().run(opts);
        System.exit(!r.masterAlive() || r.masterGrew() || (zeroFailures && r.failed() > 0) ? 1 : 0);
    }

    /**
     * Reads the options, with their defaults.
     *
     * @param args pairs of option and value
     * @return the options
     */
    public static Map<String, String> options(String... args) {
        Map<String, String> opts = new TreeMap<>(Map.of("--minutes", "10", "-k", "vthread", "--clients", "32",
                "--seed", Long.toString(System.nanoTime()), "--faults", String.join(",", ALL_FAULTS)));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }

    /**
     * Runs a soak and prints its progress and summary.
     *
     * @param opts the options ({@link #options})
     * @return what it saw
     * @throws Exception if the server cannot start
     */
    public Result run(Map<String, String> opts) throws Exception {
        faultKinds = List.of(opts.get("--faults").split(","));
        for (String kind : faultKinds) {
            if (!ALL_FAULTS.contains(kind)) {
                throw new IllegalArgumentException("unknown fault '" + kind + "'; known: " + ALL_FAULTS);
            }
        }
        Duration duration = Duration.ofSeconds((long) (Double.parseDouble(opts.get("--minutes")) * 60));
        Random random = new Random(Long.parseLong(opts.get("--seed")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As the launcher does: its JVM options, then extra ones for the master (LOOMICORN_JAVA_OPTS),
        // e.g. -XX:NativeMemoryTracking=summary.
        String extra = System.getenv().getOrDefault("LOOMICORN_JAVA_OPTS", "").strip();
        List<String> command = MasterCommand.command(java, opts.get("--lib") + "/*",
                extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")),
                List.of("-k", opts.get("-k"), "-w", "2", "-b", "127.0.0.1:0", "--max-requests", "2000",
                        "--max-requests-jitter", "500", "io.loomicorn.examples.DemoApp"));
        masterLogFile = Files.createTempFile("loomicorn-soak-master-", ".log");
        masterLog = new PrintWriter(Files.newBufferedWriter(masterLogFile), true);
        Process master = new ProcessBuilder(command).redirectErrorStream(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(master)));
        int port = awaitPort(master);
        System.out.printf("soak: %s, class %s, %s clients, faults %s, seed %s, master pid %d, port %d, master log %s%n",
                duration, opts.get("-k"), opts.get("--clients"), faultKinds, opts.get("--seed"), master.pid(), port,
                masterLogFile);
        Thread.sleep(3_000);
        int clients = Integer.parseInt(opts.get("--clients"));
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long seed = random.nextLong();
            load.add(Thread.ofPlatform().daemon().start(() -> client(port, new Random(seed))));
        }
        long start = System.nanoTime();
        long nextFault = start + TimeUnit.SECONDS.toNanos(10);
        long nextSample = start;
        long masterStart = -1;
        long masterFirst = -1;
        long masterMax = 0;
        long masterLast = 0;
        while (System.nanoTime() - start < duration.toNanos() && master.isAlive()) {
            long now = System.nanoTime();
            if (now - nextSample >= 0) {
                nextSample = now + TimeUnit.SECONDS.toNanos(30);
                long rss = rssKib(master.pid());
                if (masterStart < 0) {
                    masterStart = rss;
                }
                // The baseline is the first sample after every kind of fault has happened once:
                // by then the master has loaded and compiled the code of each path it takes.
                if (masterFirst < 0 && faults.size() == faultKinds.size()) {
                    masterFirst = rss;
                }
                masterMax = Math.max(masterMax, rss);
                masterLast = rss;
                StringBuilder line = new StringBuilder(String.format("%s  %6d s  ok %9d  failed %6d  master %6d KiB  workers",
                        LocalTime.now().truncatedTo(ChronoUnit.SECONDS), (now - start) / 1_000_000_000L, ok.get(),
                        failed(), rss));
                for (ProcessHandle w : master.children().toList()) {
                    line.append(String.format("  %d:%d KiB", w.pid(), rssKib(w.pid())));
                }
                System.out.println(line);
            }
            if (now - nextFault >= 0) {
                nextFault = now + TimeUnit.SECONDS.toNanos(10 + random.nextInt(10));
                fault(master, random);
            }
            Thread.sleep(200);
        }
        running.set(false);
        for (Thread t : load) {
            t.join(10_000);
        }
        boolean alive = master.isAlive();
        stop(master);
        System.out.println();
        System.out.printf("requests ok: %d, failed: %d%n", ok.get(), failed());
        System.out.println("failures by cause: " + new TreeMap<>(failures));
        System.out.println("failures by the fault before them: " + new TreeMap<>(failuresByFault));
        System.out.println("faults injected: " + faults);
        System.out.printf("master RSS: at the start %d KiB; after every fault kind had happened once %d KiB;"
                        + " max %d KiB; last %d KiB; growth since the start %+.1f%%, since every fault had happened %+.1f%%%n",
                masterStart, masterFirst, masterMax, masterLast, growth(masterStart, masterLast), growth(masterFirst, masterLast));
        if (!alive) {
            System.out.println("THE MASTER DIED; its output:\n" + String.join("\n", log));
        }
        Map<String, Long> byCause = new TreeMap<>();
        failures.forEach((k, v) -> byCause.put(k, v.get()));
        Map<String, Long> injected = new TreeMap<>();
        faults.forEach((k, v) -> injected.put(k, v.get()));
        return new Result(ok.get(), failed(), byCause, injected, alive,
                masterFirst > 0 && masterLast > masterFirst * 1.10);
    }

    private static double growth(long from, long to) {
        return from > 0 ? 100.0 * (to - from) / from : 0;
    }

    private void fault(Process master, Random random) {
        List<ProcessHandle> workers = master.children().toList();
        String fault = switch (faultKinds.get(random.nextInt(faultKinds.size()))) {
            case "hup" -> "HUP";
            case "kill" -> "KILL worker";
            default -> "TTIN+TTOU";
        };
        faults.computeIfAbsent(fault, k -> new AtomicLong()).incrementAndGet();
        lastFault = fault;
        lastFaultAt = System.nanoTime();
        switch (fault) {
            case "HUP" -> signal(master.pid(), "HUP");
            case "KILL worker" -> {
                if (!workers.isEmpty()) {
                    signal(workers.get(random.nextInt(workers.size())).pid(), "KILL");
                }
            }
            default -> {
                signal(master.pid(), "TTIN");
                Thread.ofPlatform().daemon().start(() -> {
                    sleep(5_000);
                    signal(master.pid(), "TTOU");
                });
            }
        }
    }

    private void client(int port, Random random) {
        Socket socket = null;
        while (running.get()) {
            int pick = random.nextInt(100);
            String request = pick < 70 ? "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                    : pick < 85 ? "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
                    : pick < 95 ? "GET /sleep?ms=20 HTTP/1.1\r\nHost: x\r\n\r\n"
                    : "GET /bytes?n=65536 HTTP/1.1\r\nHost: x\r\n\r\n";
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    socket.setSoTimeout(30_000);
                }
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                boolean close = readResponse(socket.getInputStream());
                ok.incrementAndGet();
                if (close) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException e) {
                failures.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new AtomicLong())
                        .incrementAndGet();
                String after = System.nanoTime() - lastFaultAt < TimeUnit.SECONDS.toNanos(5)
                        ? "within 5 s of " + lastFault : "no fault in the 5 s before";
                failuresByFault.computeIfAbsent(after, k -> new AtomicLong()).incrementAndGet();
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException ignored) {
                    // gone
                }
                socket = null;
            }
        }
        if (socket != null) {
            try {
                socket.close(); // an idle keep-alive connection would hold a draining worker until its grace ends
            } catch (IOException ignored) {
                // gone
            }
        }
    }

    /** Reads one response; returns whether the server closes the connection. Throws on a non-200. */
    private static boolean readResponse(InputStream in) throws IOException {
        String status = line(in);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("status " + status);
        }
        long length = -1;
        boolean close = false;
        for (String h; !(h = line(in)).isEmpty(); ) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            } else if (lower.equals("connection: close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length");
        }
        if (in.readNBytes((int) length).length < length) {
            throw new IOException("short body");
        }
        return close;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private long failed() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private int awaitPort(Process master) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            log.add(line);
            masterLog.println(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> drain(r));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IOException("the master exited:\n" + String.join("\n", log));
    }

    private void drain(BufferedReader r) {
        try {
            for (String line; (line = r.readLine()) != null; ) {
                log.add(line);
                masterLog.println(line);
                if (log.size() > 2000) {
                    log.removeFirst();
                }
            }
        } catch (IOException e) {
            // the master exited
        }
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return 0;
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("kill failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Process master) {
        if (master.isAlive()) {
            signal(master.pid(), "TERM");
            try {
                if (!master.waitFor(40, TimeUnit.SECONDS)) {
                    master.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
