package io.loomicorn.bench.load;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs <a href="https://github.com/wg/wrk">wrk</a> for a load run and parses what it
 * prints. wrk's own summary has no p99.9, so a small Lua script (written to a temporary
 * file at run time) prints the totals, the error counts and the percentiles in one
 * machine-readable line each from wrk's {@code done()} hook.
 *
 * <p>wrk is closed-loop and takes whole seconds. While it runs, progress is estimated
 * from the bytes it has read ({@code rchar} of {@code /proc/<pid>/io}) divided by the
 * size of one response.
 */
public final class WrkDriver implements LoadDriver {

    private static final String SCRIPT = """
            -- Written by the Loomicorn load runner (io.loomicorn.bench.load.WrkDriver).
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format(
                "LOOMICORN-WRK requests=%.0f duration_us=%.0f bytes=%.0f connect=%.0f read=%.0f write=%.0f status=%.0f timeout=%.0f\\n",
                summary.requests, summary.duration, summary.bytes,
                e.connect, e.read, e.write, e.status, e.timeout))
              io.write(string.format(
                "LOOMICORN-WRK p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f\\n",
                latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
            end
            """;

    private final Path wrk;
    private final int threads;
    private Path script;

    /**
     * Creates a driver.
     *
     * @param wrk     the wrk executable
     * @param threads wrk's {@code -t} (capped at the connection count)
     */
    public WrkDriver(Path wrk, int threads) {
        this.wrk = wrk;
        this.threads = threads;
    }

    /**
     * Finds wrk on the {@code PATH}.
     *
     * @return its path, if installed
     */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "wrk");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns wrk's version line, or {@code wrk}.
     *
     * @return the first line of {@code wrk --version}
     */
    public String version() {
        try {
            Process p = new ProcessBuilder(wrk.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            String first = out.lines().findFirst().orElse("wrk").strip();
            int copyright = first.indexOf(" Copyright");
            return copyright > 0 ? first.substring(0, copyright) : first;
        } catch (IOException e) {
            return "wrk";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "wrk";
        }
    }

    @Override
    public String name() {
        return "wrk";
    }

    @Override
    public RunningLoad start(LoadSpec spec) throws IOException {
        if (spec.rate() > 0) {
            throw new IllegalArgumentException("wrk runs closed-loop; open-loop needs the Java generator");
        }
        List<String> cmd = new ArrayList<>(List.of(wrk.toString(),
                "-t", Integer.toString(Math.min(threads, spec.connections())),
                "-c", Integer.toString(spec.connections()),
                "-d", seconds(spec.duration()) + "s",
                "--timeout", seconds(spec.timeout()) + "s",
                "-s", script().toString()));
        if (!spec.keepAlive()) {
            cmd.add("-H");
            cmd.add("Connection: close");
        }
        cmd.add("http://127.0.0.1:" + spec.port() + spec.path());
        Process p = ChildProcesses.get().track(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        return new WrkRun(p, spec.responseBytes(), String.join(" ", cmd));
    }

    private synchronized Path script() throws IOException {
        if (script == null) {
            script = Files.createTempFile("loomicorn-wrk-", ".lua");
            script.toFile().deleteOnExit();
            Files.writeString(script, SCRIPT);
        }
        return script;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /**
     * Parses the two lines the Lua script prints.
     *
     * @param output wrk's whole output
     * @return the result
     * @throws IOException if the lines are missing
     */
    static LoadResult parse(String output) throws IOException {
        Map<String, Double> v = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("LOOMICORN-WRK ")) {
                for (String kv : line.substring(14).trim().split("\\s+")) {
                    int eq = kv.indexOf('=');
                    v.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
                }
            }
        }
        if (!v.containsKey("requests") || !v.containsKey("p50_us")) {
            throw new IOException("wrk printed no results:\n" + output.strip());
        }
        return new LoadResult(v.get("requests").longValue(), v.get("duration_us") / 1e6, v.get("bytes").longValue(),
                new LoadResult.Errors(v.get("connect").longValue(), v.get("read").longValue(), v.get("write").longValue(),
                        v.get("status").longValue(), v.get("timeout").longValue()),
                v.get("p50_us"), v.get("p99_us"), v.get("p999_us"), v.get("max_us"), "wrk");
    }

    private static final class WrkRun implements RunningLoad {

        private final Process process;
        private final long responseBytes;
        private final String command;
        private final long initialBytes;
        private final StringBuilder output = new StringBuilder();
        private final Thread reader;

        WrkRun(Process process, long responseBytes, String command) {
            this.process = process;
            this.responseBytes = responseBytes;
            this.command = command;
            this.initialBytes = Math.max(0, ProcessMetrics.bytesRead(process.pid()));
            this.reader = Thread.ofPlatform().daemon().name("wrk-output").start(() -> {
                try (InputStream in = process.getInputStream()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (output) {
                        output.append(text);
                    }
                } catch (IOException e) {
                    // the process went away
                }
            });
        }

        @Override
        public long completedSoFar() {
            long read = ProcessMetrics.bytesRead(process.pid());
            return read < 0 || responseBytes <= 0 ? 0 : Math.max(0, read - initialBytes) / responseBytes;
        }

        @Override
        public boolean isDone() {
            return !process.isAlive();
        }

        @Override
        public LoadResult await() throws IOException, InterruptedException {
            try {
                int status = process.waitFor();
                reader.join();
                String text;
                synchronized (output) {
                    text = output.toString();
                }
                if (status != 0 && !text.contains("LOOMICORN-WRK")) {
                    throw new IOException("wrk exited with " + status + " (" + command + "):\n" + text.strip());
                }
                return parse(text);
            } catch (InterruptedException e) {
                cancel();
                throw e;
            } finally {
                ChildProcesses.get().stop(process.toHandle(), Duration.ofSeconds(1));
            }
        }

        @Override
        public void cancel() {
            ChildProcesses.get().stop(process.toHandle(), Duration.ofSeconds(1));
        }
    }
}
