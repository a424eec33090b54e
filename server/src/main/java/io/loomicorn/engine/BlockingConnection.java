package io.loomicorn.engine;

import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.ErrorResponse;
import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.parser.ParseError;
import io.loomicorn.http.parser.RequestHead;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.proxy.ProxiedConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One connection served with blocking I/O: read, parse, dispatch, write, and again for
 * the next (keep-alive or pipelined) request. {@code sync} runs one at a time on its
 * main thread; {@code vthread} runs each on its own virtual thread, where a blocking
 * read parks the virtual thread instead of pinning a carrier.
 *
 * <p>Deadlines are kept in {@link #deadline} and enforced by the {@link ConnectionWatchdog}:
 * a silent new connection or a slow head gets {@code header_timeout}, an idle persistent
 * connection {@code keepalive}, and a running request the per-request timeout.
 */
public final class BlockingConnection implements Runnable, ResponseChannel, ConnectionWatchdog.Watched {

    /** How much unread body the server reads and drops to keep a connection alive. */
    private static final long DISCARD_LIMIT = 64 * 1024;
    /** How much a closing connection reads and drops so that the client sees the response, not a reset. */
    private static final long LINGER_LIMIT = 256 * 1024;
    private static final long NEVER = Long.MAX_VALUE / 4;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the connection is doing, for the watchdog. */
    private enum Phase { IDLE, HEAD, REQUEST, DRAIN, CLOSED }

    private final SocketChannel channel;
    private final ConnectionInfo info;
    private final HttpEngine engine;
    private final RequestParser parser;
    private final ByteBuffer in;
    private final ByteWriter headOut = new ByteWriter(512);

    private volatile Phase phase = Phase.IDLE;
    private volatile long deadline = NEVER;
    private volatile long idleSince = System.nanoTime();
    private volatile ServerResponse current;
    private volatile Thread thread;

    BlockingConnection(SocketChannel channel, ConnectionInfo info, HttpEngine engine) {
        this.channel = channel;
        this.info = info;
        this.engine = engine;
        this.parser = new RequestParser(engine.settings().parser());
        this.in = ByteBuffer.allocate(engine.settings().bufferSize()).flip();
    }

    /** Returns the connection's addresses. */
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        engine.register(this);
        try {
            serve();
        } catch (ClosedChannelException e) {
            // Closed by the watchdog (timeout) or by a fast shutdown.
        } catch (IOException e) {
            ServerLog.ERROR.debug("Connection from {} failed: {}", info.remoteHost(), e.toString());
        } finally {
            phase = Phase.CLOSED;
            engine.unregister(this);
            closeQuietly();
            // A timed-out request was interrupted; do not leak the flag to a reused thread.
            Thread.interrupted();
        }
    }

    private void serve() throws IOException {
        boolean first = true;
        while (true) {
            enterIdle(first);
            if (first && !readProxyHeader()) { // PROXY protocol hook (issue 11)
                return;
            }
            RequestParser.Status status;
            while ((status = parser.parse(in)) == RequestParser.Status.NEED_MORE) {
                if (phase == Phase.IDLE && !parser.isIdle()) {
                    enter(Phase.HEAD, engine.headerTimeoutNanos());
                }
                if (!fill(in)) {
                    return; // the client closed: between requests, or with a partial head
                }
            }
            if (status == RequestParser.Status.ERROR) {
                rejectHead(parser.error());
                return;
            }
            if (!exchange(parser.head())) {
                return;
            }
            parser.reset();
            first = false;
        }
    }

    /**
     * PROXY protocol hook (issue 11): before the parser sees the first bytes, lets the
     * connection's {@link ProxiedConnection} consume a PROXY header. A malformed one gets 400,
     * one from a sender outside {@code proxy_allow_ips} 403, and the connection closes.
     * Returns whether to go on.
     */
    private boolean readProxyHeader() throws IOException {
        ProxiedConnection proxy = info.proxy();
        ProxiedConnection.Prelude step;
        while ((step = proxy.readHeader(in)) == ProxiedConnection.Prelude.NEED_MORE) {
            if (!fill(in)) {
                step = proxy.endOfInput();
                break;
            }
        }
        if (step == ProxiedConnection.Prelude.FAILED) {
            rejectHead(proxy.headerError());
            return false;
        }
        return true;
    }

    /**
     * Serves one request. Returns whether the connection may carry another.
     */
    private boolean exchange(RequestHead head) throws IOException {
        long timeout = engine.settings().requestTimeout().toNanos();
        enter(Phase.REQUEST, timeout > 0 ? timeout : NEVER);
        RequestBodyStream body = new RequestBodyStream(parser.body(), in, this::fill,
                head.expectContinue() ? this::sendContinue : null);
        ServerRequest request = new ServerRequest(head, info, body);
        ServerResponse response = new ServerResponse(request, this, engine.encoder(), headOut,
                engine::mayKeepAlive, engine.settings().sendfile(), engine.settings().bufferSize());
        current = response;
        try {
            engine.dispatcher().dispatch(request, response);
        } finally {
            current = null;
        }
        if (response.timedOut()) {
            return false;
        }
        if (!response.keepAlive()) {
            lingerClose(!body.isComplete() || in.hasRemaining());
            return false;
        }
        if (!body.isComplete()) {
            // The application left part of the body unread: drop it, within reason, so the
            // next request starts at a request line (RFC 9112 §9.3).
            enter(Phase.DRAIN, engine.headerTimeoutNanos());
            try {
                if (!body.discard(DISCARD_LIMIT)) {
                    return false;
                }
            } catch (RequestBodyException e) {
                return false;
            }
        }
        return true;
    }

    private void rejectHead(ParseError error) throws IOException {
        ServerLog.ERROR.warn("Invalid request from ip={}: {}", info.remoteHost(), error.message());
        headOut.clear();
        ErrorResponse.render(engine.encoder(), headOut, HttpVersion.HTTP_1_1, error.status(),
                error.safeToEcho() ? error.message() : null);
        write(headOut.asBuffer());
        lingerClose(true);
    }

    private void sendContinue() {
        ServerResponse r = current;
        if (r != null && !r.isCommitted()) {
            try {
                write(ByteBuffer.wrap(CONTINUE));
            } catch (IOException e) {
                ServerLog.ERROR.debug("Could not send 100 Continue: {}", e.toString());
            }
        }
    }

    /**
     * Closes after the response. When input may still be arriving, half-closes first and
     * reads a little, so that the kernel does not answer the client's unread bytes with a
     * reset that destroys the response in flight (RFC 9112 §9.6).
     */
    private void lingerClose(boolean unread) {
        if (!unread) {
            closeQuietly();
            return;
        }
        try {
            enter(Phase.DRAIN, 1_000_000_000L);
            channel.shutdownOutput();
            ByteBuffer scratch = in.clear();
            long dropped = 0;
            while (dropped < LINGER_LIMIT) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n < 0) {
                    break;
                }
                dropped += n;
            }
        } catch (IOException e) {
            // The watchdog closed it, or the peer reset: either way we are done.
        } finally {
            closeQuietly();
        }
    }

    private void enterIdle(boolean first) {
        idleSince = System.nanoTime();
        enter(Phase.IDLE, engine.idleNanos(first));
    }

    private void enter(Phase p, long nanos) {
        phase = p;
        deadline = nanos >= NEVER ? NEVER : System.nanoTime() + nanos;
    }

    /** Reads more input; false at end of stream. */
    private boolean fill(ByteBuffer buffer) throws IOException {
        buffer.compact();
        try {
            if (!buffer.hasRemaining()) {
                throw new IllegalStateException("the input buffer is full of unconsumed bytes");
            }
            return channel.read(buffer) >= 0;
        } finally {
            buffer.flip();
        }
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        ByteBuffer last = buffers[buffers.length - 1];
        while (last.hasRemaining()) {
            channel.write(buffers);
        }
    }

    @Override
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        long end = position + count;
        while (position < end) {
            long n = file.transferTo(position, end - position, channel);
            if (n <= 0 && position < end && file.size() < end) {
                throw new IOException("the file shrank while it was sent");
            }
            position += n;
        }
    }

    @Override
    public long deadline() {
        return deadline;
    }

    @Override
    public void expire() {
        Phase p = phase;
        if (p == Phase.REQUEST) {
            ServerResponse r = current;
            long seconds = engine.settings().requestTimeout().toSeconds();
            Thread stuck = thread;
            ServerLog.ERROR.error("Request timed out after {} s (pid:{}), closing its connection from {}; it was at:{}",
                    seconds, ProcessHandle.current().pid(), info.remoteHost(), StackDump.of(stuck));
            if (r != null && r.claimForTimeout()) {
                try {
                    r.writeTimeoutResponse("the request exceeded the " + seconds + " s timeout");
                } catch (IOException e) {
                    ServerLog.ERROR.debug("Could not send the timeout response: {}", e.toString());
                }
            }
            Thread t = thread;
            closeQuietly();
            if (t != null) {
                t.interrupt();
            }
        } else if (p != Phase.CLOSED) {
            closeQuietly();
        }
    }

    /**
     * Called when the worker starts draining: an idle connection closes after a short
     * quiet period; a busy one finishes its request and answers with
     * {@code Connection: close}.
     */
    void onDrain() {
        if (phase == Phase.IDLE) {
            long quietEnd = idleSince + HttpEngine.DRAIN_IDLE_NANOS;
            if (quietEnd - deadline < 0) {
                deadline = quietEnd;
            }
        }
    }

    /** Closes the connection now, whatever it is doing. */
    void abort() {
        Thread t = thread;
        closeQuietly();
        if (t != null && phase == Phase.REQUEST) {
            t.interrupt();
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
