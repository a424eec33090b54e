package org.xnio.nio;

import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one class of Loomicorn inside XNIO's package: it lets an XNIO worker accept from a
 * listening socket that somebody else bound.
 *
 * <p>Why it exists: the Loomicorn master binds every listener once and hands it to each
 * worker process, but XNIO 3.8 can only serve sockets it binds itself
 * ({@code XnioWorker.createStreamConnectionServer} always opens a new channel). The types
 * that would adopt a channel, {@code NioTcpServer} and {@code QueuedNioTcpServer2}, are
 * package-private. The {@code xnio-nio} jar is neither sealed nor signed, so a class in
 * package {@code org.xnio.nio} on the class path shares the runtime package and may call
 * their constructors. This class does exactly what
 * {@code NioXnioWorker.createTcpConnectionServer} does after its {@code bind}, and nothing
 * else.
 *
 * <p>Keep it the only class in this package and keep it small. The XNIO version is pinned
 * in the parent pom; {@code LoomicornXnioBridgeTest} binds, wraps and serves one
 * connection, so a change in XNIO's internals fails the build (it would surface as an
 * {@link IllegalAccessError} or {@link NoSuchMethodError}). On the module path the
 * package would be split; Loomicorn runs on the class path (or use
 * {@code --patch-module xnio.nio=<this jar>}).
 */
public final class LoomicornXnioBridge {

    private LoomicornXnioBridge() {
    }

    /**
     * Wraps an already bound, listening TCP channel in an XNIO accepting channel served
     * by {@code worker}: its accept thread accepts, and each connection is handed to one
     * of the worker's I/O threads, as for a server XNIO bound itself.
     *
     * <p>The accept listener is called on the I/O thread that owns the new connections;
     * accepting starts with {@link AcceptingChannel#resumeAccepts()}. Closing the returned
     * channel closes {@code channel}.
     *
     * @param worker  a worker of XNIO's NIO provider
     * @param channel a bound, listening TCP channel (not a Unix one: XNIO's NIO provider
     *                calls {@code socket()}, which Unix channels do not support); it is
     *                switched to non-blocking mode
     * @param options server options ({@code TCP_NODELAY}, {@code CONNECTION_HIGH_WATER}, ...)
     * @return the accepting channel, accepts suspended
     * @throws IOException if the worker is shut down or the channel cannot be configured
     * @throws IllegalArgumentException if {@code worker} is not an NIO worker
     */
    public static AcceptingChannel<StreamConnection> adopt(XnioWorker worker, ServerSocketChannel channel,
                                                           OptionMap options) throws IOException {
        if (!(worker instanceof NioXnioWorker nio)) {
            throw new IllegalArgumentException("not an XNIO NIO worker: " + worker.getClass().getName());
        }
        nio.checkShutdown();
        channel.configureBlocking(false);
        // useAcceptThreadOnly = true: the same choice createTcpConnectionServer makes in 3.8.
        return new QueuedNioTcpServer2(new NioTcpServer(nio, channel, options, true));
    }

    /**
     * Serves a connection that was accepted outside XNIO's accept loop: the connections a
     * stopping worker accepts from the kernel's queue, past the connection limit, so that
     * none is reset. The connection gets one of the worker's I/O threads, as
     * {@code NioTcpServer.accept} would give it, but counts against no server's limit.
     *
     * @param worker   a worker of XNIO's NIO provider
     * @param accepted a connected TCP channel; it is switched to non-blocking mode
     * @return the XNIO connection; start it on {@link StreamConnection#getIoThread()}
     * @throws IOException if the channel cannot be configured or registered
     * @throws IllegalArgumentException if {@code worker} is not an NIO worker
     */
    public static StreamConnection adoptConnection(XnioWorker worker, SocketChannel accepted) throws IOException {
        if (!(worker instanceof NioXnioWorker nio)) {
            throw new IllegalArgumentException("not an XNIO NIO worker: " + worker.getClass().getName());
        }
        nio.checkShutdown();
        accepted.configureBlocking(false);
        accepted.socket().setTcpNoDelay(true);
        WorkerThread thread = (WorkerThread) nio.getIoThread(ThreadLocalRandom.current().nextInt());
        return new NioSocketStreamConnection(thread, thread.registerChannel(accepted), null);
    }
}
