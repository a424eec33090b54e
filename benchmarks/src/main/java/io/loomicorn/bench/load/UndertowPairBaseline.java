package io.loomicorn.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * The Undertow baseline with Loomicorn's process layout: {@code N} {@link UndertowBaseline}
 * JVMs with one I/O thread each, listening on one port with {@code SO_REUSEPORT}, children
 * of this JVM ({@link ReusePortJvms}), which serves nothing, as a master with {@code -w N}. The runner measures this JVM and its children together, as it
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
        try {
            ReusePortJvms.start(jvms, UndertowBaseline.class, List.of(host, Integer.toString(port), "1"));
        } catch (IOException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
        System.out.println("Listening at: http://" + host + ":" + port + " (" + ProcessHandle.current().pid() + ")");
        System.out.flush();
        Thread.currentThread().join();
    }
}
