package io.loomicorn.bench.tls;

import io.loomicorn.bench.load.ReusePortJvms;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * {@link TlsBaseline}'s {@code undertow-pair}: two Undertow JVMs on one port with
 * {@code SO_REUSEPORT}, children of this one ({@link ReusePortJvms}), which only starts
 * them.
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
        ReusePortJvms.start(JVMS, TlsBaseline.class, List.of("undertow", keystore, password, Integer.toString(port)));
        return port;
    }
}
