package io.loomicorn.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Baseline servers in Loomicorn's process layout: {@code count} JVMs running one main
 * class, children of this JVM, whose server sockets get {@code SO_REUSEPORT} (through
 * {@link ReusePortSelectorProvider}) so that they all listen on one port, as a master's
 * workers share its listener. Their output is passed on, each line prefixed with the
 * child's pid; a child's {@code Listening at:} line becomes {@code child serving:}, since a
 * runner takes the first such line as the whole server's. The children are stopped when
 * this JVM ends.
 */
public final class ReusePortJvms {

    private ReusePortJvms() {
    }

    /**
     * Starts the children and returns once each has said that it listens.
     *
     * @param count how many JVMs
     * @param main  their main class, on this JVM's class path
     * @param args  its arguments, the same for every child (the port among them)
     * @throws IOException if a child does not serve within a minute
     * @throws InterruptedException if interrupted while waiting
     */
    public static void start(int count, Class<?> main, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xshare:auto", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Djava.nio.channels.spi.SelectorProvider=" + ReusePortSelectorProvider.class.getName(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        List<Process> children = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroy)));
        CountDownLatch serving = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            children.add(p);
            Thread.ofPlatform().daemon().start(() -> relay(p, serving));
        }
        if (!serving.await(60, TimeUnit.SECONDS)) {
            throw new IOException("the " + count + " " + main.getSimpleName() + " JVMs did not all serve within 60 s");
        }
    }

    /** Copies a child's output to ours, and counts down once it has said that it listens. */
    private static void relay(Process p, CountDownLatch serving) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                boolean listening = line.startsWith("Listening at: ");
                if (listening) {
                    line = "child serving: " + line.substring("Listening at: ".length());
                }
                // Printed before the count: the parent's own line must come after every child's.
                System.out.println("  [" + p.pid() + "] " + line);
                if (listening) {
                    serving.countDown();
                }
            }
        } catch (IOException e) {
            // the child ended
        }
    }
}
