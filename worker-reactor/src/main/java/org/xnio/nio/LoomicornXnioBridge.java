package org.xnio.nio;

import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
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
     * Picks the I/O thread that will serve a connection accepted outside XNIO's accept
     * loop (by the worker's {@code Acceptor}), as {@code NioTcpServer.accept} would.
     *
     * @param worker a worker of XNIO's NIO provider
     * @return one of its I/O threads
     * @throws IOException if the worker is shut down
     * @throws IllegalArgumentException if {@code worker} is not an NIO worker
     */
    public static XnioIoThread pickThread(XnioWorker worker) throws IOException {
        if (!(worker instanceof NioXnioWorker nio)) {
            throw new IllegalArgumentException("not an XNIO NIO worker: " + worker.getClass().getName());
        }
        nio.checkShutdown();
        return nio.getIoThread(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Serves a connection that was accepted outside XNIO's accept loop: registers it with
     * the selector of {@code thread}, which then owns it. The connection counts against no
     * server's limit.
     *
     * <p>Call it on {@code thread} itself (a task given to its {@code execute}): from another
     * thread XNIO wakes the selector for the registration, and the task that starts the
     * connection wakes it again; with a new connection per request that second wake-up was
     * an {@code eventfd} write, a read and an {@code epoll_wait} more per connection.
     *
     * @param thread   an I/O thread from {@link #pickThread}
     * @param accepted a connected TCP channel in non-blocking mode
     * @return the XNIO connection, on {@code thread}
     * @throws IOException if the channel is closed
     */
    public static StreamConnection register(XnioIoThread thread, SocketChannel accepted) throws IOException {
        WorkerThread owner = (WorkerThread) thread;
        return new NioSocketStreamConnection(owner, owner.registerChannel(accepted), null);
    }
}
