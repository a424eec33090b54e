package io.loomicorn.bench.tls;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The baselines of the TLS benchmark, each in its own JVM: Undertow 2.4 (an HTTPS listener,
 * one I/O thread per core, the handler on the I/O thread) or Jetty 12.1 (an SSL connector,
 * its default pool, a core {@code Handler}), both with the JDK's JSSE and the same PKCS#12
 * keystore (the key and certificate Loomicorn reads as PEM). Both answer every request
 * with {@code Hello, World!} as {@code text/plain}, as DemoApp's {@code /} does. Prints
 * {@code Listening at: https://127.0.0.1:PORT (PID)} once it serves.
 *
 * <p>{@code undertow-pair} serves nothing itself: like Loomicorn's master with two workers, it
 * starts two Undertow JVMs that listen on one port with {@code SO_REUSEPORT}
 * ({@link io.loomicorn.bench.load.ReusePortSelectorProvider}; the kernel spreads new connections over their two accept
 * queues), so that a comparison with {@code -w 2} can tell the cost of two server processes on
 * two cores from the cost of Loomicorn's own machinery. It prints the line once both serve and
 * stops them when it is stopped.
 *
 * <pre>java -cp benchmarks.jar io.loomicorn.bench.tls.TlsBaseline undertow|jetty|undertow-pair KEYSTORE.p12 PASSWORD [PORT]</pre>
 */
public final class TlsBaseline {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private TlsBaseline() {
    }

    /**
     * Starts a baseline server.
     *
     * @param args {@code undertow}, {@code jetty} or {@code undertow-pair}, the PKCS#12 keystore, its password,
     *             and for {@code undertow} the port (0, or absent: any free one)
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        Path keystore = Path.of(args[1]);
        String password = args[2];
        int port = switch (args[0]) {
            case "undertow" -> undertow(keystore, password, args.length > 3 ? Integer.parseInt(args[3]) : 0);
            case "undertow-pair" -> UndertowPair.start(args[1], password);
            case "jetty" -> jetty(keystore, password);
            default -> throw new IllegalArgumentException("undertow or jetty: " + args[0]);
        };
        System.out.println("Listening at: https://127.0.0.1:" + port + " (" + ProcessHandle.current().pid() + ")");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static int undertow(Path keystore, String password, int port) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        ByteBuffer hello = ByteBuffer.allocateDirect(HELLO.length).put(HELLO).flip().asReadOnlyBuffer();
        Undertow server = Undertow.builder()
                .addHttpsListener(port, "127.0.0.1", context)
                .setIoThreads(Runtime.getRuntime().availableProcessors())
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send(hello.duplicate());
                })
                .build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
    }

    private static int jetty(Path keystore, String password) throws Exception {
        Server server = new Server();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(password);
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.write(true, ByteBuffer.wrap(HELLO), callback);
                return true;
            }
        });
        server.start();
        return connector.getLocalPort();
    }
}
