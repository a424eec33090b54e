package io.loomicorn.springboot.web;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServer;

/**
 * The web server Boot sees inside a Loomicorn worker. Loomicorn owns the sockets and the
 * process: the master bound the listeners before any worker started and drains a worker
 * within {@code graceful_timeout} before it closes the application. So {@link #start()} and
 * {@link #stop()} have nothing to do, and a graceful shutdown is already over when Boot asks.
 */
final class LoomicornWebServer implements WebServer {

    private final int port;

    /** @param port the first TCP port Loomicorn listens on, or -1 */
    LoomicornWebServer(int port) {
        this.port = port;
    }

    @Override
    public void start() {
        // The master listens already; the worker accepts once the application is loaded.
    }

    @Override
    public void stop() {
        // The worker stops accepting and drains before it closes the application.
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
        callback.shutdownComplete(GracefulShutdownResult.IDLE);
    }
}
