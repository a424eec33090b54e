package io.loomicorn.bench.load;

import io.loomicorn.bench.tls.ReusePortSelectorProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Undertow baseline with Loomicorn's process layout: {@code N} {@link UndertowBaseline}
 * JVMs with one I/O thread each, listening on one port with {@code SO_REUSEPORT} (through
 * {@link ReusePortSelectorProvider}), children of this JVM, which serves nothing, as a
 * master with {@code -w N}. The runner measures this JVM and its children together, as it
 * measures a master and its workers; the row tells what the extra processes cost Undertow
 * itself, apart from what Loomicorn's own code costs.
 *
 * <pre>java -cp benchmarks.jar io.loomicorn.bench.load.UndertowPairBaseline HOST JVMS</pre>
 * It prints {@code Listening at: http://HOST:PORT (PID)} once every child accepts
 * connections, and stops its children when it ends.
 */
public final class UndertowPairBaseline {

    private UndertowPairBaseline() {
    }

    /**
     * Starts the children and waits for ever.
     *
     * @param args the host and the number of JVMs (default 2)
     * @throws Exception if a child does not serve within a minute
     */
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int jvms = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, 0));
            port = probe.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-XX:+UseSerialGC", "-Xshare:auto",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Djava.nio.channels.spi.SelectorProvider=" + ReusePortSelectorProvider.class.getName(),
                "-cp", System.getProperty("java.class.path"), UndertowBaseline.class.getName(),
                host, Integer.toString(port), "1");
        List<Process> children = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroy)));
        CountDownLatch serving = new CountDownLatch(jvms);
        for (int i = 0; i < jvms; i++) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            children.add(p);
            Thread.ofPlatform().daemon().start(() -> relay(p, serving));
        }
        if (!serving.await(60, TimeUnit.SECONDS)) {
            System.out.println("the " + jvms + " Undertow JVMs did not all serve within 60 s");
            System.exit(1);
        }
        System.out.println("Listening at: http://" + host + ":" + port + " (" + ProcessHandle.current().pid() + ")");
        System.out.flush();
        for (Process p : children) {
            p.waitFor();
        }
    }

    /**
     * Copies a child's output to ours, and counts down once it listens. Its own
     * {@code Listening at:} line is reworded: the runner takes the first such line as the
     * server's, and only this JVM's means that every child serves.
     */
    private static void relay(Process p, CountDownLatch serving) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("Listening at: ")) {
                    serving.countDown();
                    line = "child serving: " + line.substring("Listening at: ".length());
                }
                System.out.println("  [" + p.pid() + "] " + line);
            }
        } catch (IOException e) {
            // the child ended
        }
    }
}
