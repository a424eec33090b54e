package io.loomicorn.admin;

import io.loomicorn.app.App;
import io.loomicorn.config.BindAddress;
import io.loomicorn.engine.EngineSettings;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.spi.BlockingTransport;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The admin endpoint's server, inside the master: Loomicorn's own HTTP engine (the
 * parser, the connection machine, its limits and its 4xx answers to bad requests) over
 * blocking sockets on virtual threads, as the {@code vthread} worker runs it. It has its
 * own listener and never touches the workers' sockets or the application, so it answers
 * while every worker is busy or stuck. At most {@value #MAX_CONNECTIONS} connections at once.
 */
public final class AdminServer implements AutoCloseable {

    static final int MAX_CONNECTIONS = 16;

    private static final HttpEngine.WorkerLink NO_WORKER = new HttpEngine.WorkerLink() {
        @Override
        public void beat() {
        }

        @Override
        public void retire(String reason) {
        }
    };

    private final ServerSocketChannel channel;
    private final Listener listener;
    private final HttpEngine engine;
    private final Path unixPath;
    private final String address;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Thread acceptor;
    private volatile boolean closed;

    private AdminServer(ServerSocketChannel channel, Path unixPath, String address, App app) throws IOException {
        this.channel = channel;
        this.unixPath = unixPath;
        this.address = address;
        this.listener = new Listener(channel, channel.getLocalAddress());
        EngineSettings settings = EngineSettings.defaults().withRequestTimeout(Duration.ofSeconds(10));
        this.engine = new HttpEngine(settings, EngineOptions.blocking(),
                new HttpEngine.Served(app, new Hooks() {
                }, new WorkerInfo(ProcessHandle.current().pid(), 0, "admin", 0), AccessLog.NONE), NO_WORKER);
        engine.start();
        this.acceptor = Thread.ofVirtual().name("loomicorn-admin-accept").start(this::accept);
    }

    /**
     * Binds the admin endpoint and starts serving.
     *
     * @param address {@code admin_bind}
     * @param app     what it serves
     * @return the running server
     * @throws IOException with one line if the address cannot be bound
     */
    public static AdminServer start(String address, App app) throws IOException {
        BindAddress parsed = BindAddress.parse(address);
        ServerSocketChannel ch;
        Path unixPath = null;
        try {
            switch (parsed) {
                case BindAddress.Tcp tcp -> {
                    InetAddress host = InetAddress.getByName(tcp.host());
                    ch = ServerSocketChannel.open(host instanceof java.net.Inet6Address
                            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ch.bind(new InetSocketAddress(host, tcp.port()), 64);
                }
                case BindAddress.Unix unix -> {
                    unixPath = Path.of(unix.path()).toAbsolutePath();
                    if (Files.exists(unixPath, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        if (!Files.readAttributes(unixPath, java.nio.file.attribute.BasicFileAttributes.class,
                                java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                            throw new IOException("the file exists and is not a socket");
                        }
                        Files.delete(unixPath); // a stale socket of an earlier run
                    }
                    ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.bind(UnixDomainSocketAddress.of(unixPath), 64);
                }
                case BindAddress.Fd fd -> throw new IOException("fd:// is not an admin address");
            }
        } catch (IOException e) {
            throw new IOException("Error: can't bind the admin endpoint at " + address + ": " + e.getMessage());
        }
        AdminServer server = new AdminServer(ch, unixPath, address, app);
        ServerLog.ERROR.info("Admin endpoint at: {}", server.url());
        return server;
    }

    /** Returns where it listens, as {@code http://127.0.0.1:9000} or {@code unix:/path}. */
    public String url() {
        SocketAddress local = listener.address();
        return local instanceof InetSocketAddress ? "http://" + Listener.describe(local) : Listener.describe(local);
    }

    /** Returns the {@code admin_bind} value it was started with. */
    public String address() {
        return address;
    }

    private void accept() {
        while (!closed) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            SocketChannel connection;
            try {
                connection = channel.accept();
            } catch (IOException e) {
                slots.release();
                if (closed) {
                    return;
                }
                ServerLog.ERROR.debug("Admin endpoint: accept failed: {}", e.toString());
                continue;
            }
            Runnable serve = BlockingTransport.open(engine, connection, listener);
            Thread.ofVirtual().name("loomicorn-admin").start(() -> {
                try {
                    serve.run();
                } finally {
                    slots.release();
                }
            });
        }
    }

    /** Stops serving: closes the listener and every open connection. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
        acceptor.interrupt();
        engine.closeAll();
        engine.stop();
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                ServerLog.ERROR.debug("Could not remove {}: {}", unixPath, e.getMessage());
            }
        }
    }

    /**
     * Creates the admin endpoint's application.
     *
     * @param view         the master's latest view
     * @param ledger       the metrics
     * @param exposition   the Prometheus text
     * @param readyPercent {@code admin_ready_percent}, read at each request (HUP may change it)
     * @return the application
     */
    public static App app(java.util.function.Supplier<io.loomicorn.metrics.MasterView> view,
                          io.loomicorn.metrics.MetricsLedger ledger,
                          io.loomicorn.metrics.PrometheusExposition exposition,
                          java.util.function.IntSupplier readyPercent) {
        return new AdminApp(view, ledger, exposition, readyPercent);
    }
}
