package io.loomicorn.bench.tls;

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
 * {@link TlsBaseline}'s {@code undertow-pair}: two Undertow JVMs on one port with
 * {@code SO_REUSEPORT}, children of this one, which only starts them, passes on what they
 * print and stops them when it ends.
 */
final class UndertowPair {

    private static final int JVMS = 2;

    private UndertowPair() {
    }

    /**
     * Starts the two JVMs and returns once both serve.
     *
     * @param keystore the PKCS#12 keystore
     * @param password its password
     * @return the port both listen on
     * @throws Exception if one of them does not serve within a minute
     */
    static int start(String keystore, String password) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-XX:+UseSerialGC", "-Xshare:auto",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Djava.nio.channels.spi.SelectorProvider=" + ReusePortSelectorProvider.class.getName(),
                "-cp", System.getProperty("java.class.path"), TlsBaseline.class.getName(),
                "undertow", keystore, password, Integer.toString(port));
        List<Process> jvms = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> jvms.forEach(Process::destroy)));
        CountDownLatch serving = new CountDownLatch(JVMS);
        for (int i = 0; i < JVMS; i++) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            jvms.add(p);
            Thread.ofPlatform().daemon().start(() -> relay(p, serving));
        }
        if (!serving.await(60, TimeUnit.SECONDS)) {
            throw new IOException("the two Undertow JVMs did not both serve within 60 s");
        }
        return port;
    }

    /** Copies a child's output to ours, and counts down once it says it listens. */
    private static void relay(Process p, CountDownLatch serving) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                System.out.println("  [" + p.pid() + "] " + line);
                if (line.startsWith("Listening at: ")) {
                    serving.countDown();
                }
            }
        } catch (IOException e) {
            // the child ended
        }
    }
}
