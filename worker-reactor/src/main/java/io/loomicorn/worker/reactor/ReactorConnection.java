package io.loomicorn.worker.reactor;

import io.loomicorn.engine.BodySource;
import io.loomicorn.engine.ConnectionInfo;
import io.loomicorn.engine.HttpEngine;
import io.loomicorn.engine.ServerRequest;
import io.loomicorn.engine.ServerResponse;
import io.loomicorn.engine.StackDump;
import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.ErrorResponse;
import io.loomicorn.http.parser.BodyDecoder;
import io.loomicorn.http.parser.ParseError;
import io.loomicorn.http.parser.RequestHead;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.logging.ServerLog;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * One HTTP/1.1 connection driven by XNIO events on its I/O thread: read, parse, buffer
 * the body, run the application, write, and again for the next keep-alive or pipelined
 * request. It keeps the rules of the blocking engine's connection loop (deadlines,
 * discarding an unread body, pipelining, lingering close, 100-continue, error
 * responses); only the way it waits differs.
 *
 * <h2>Phases</h2>
 * <ul>
 *   <li>{@code IDLE}: between requests; deadline {@code header_timeout} for a new
 *       connection, {@code keepalive} after a response (250 ms when draining);</li>
 *   <li>{@code HEAD}: part of a head arrived; deadline {@code header_timeout} from its
 *       first byte;</li>
 *   <li>{@code BODY}: the head is complete and the body is being read into memory
 *       ({@link BufferedBody}); the request's {@code timeout} runs from here on;</li>
 *   <li>{@code RUNNING}: the application runs inline on the I/O thread;</li>
 *   <li>{@code STREAMING}: the body is larger than the buffer; the application runs on a
 *       virtual thread and the I/O thread feeds it ({@link StreamingBody});</li>
 *   <li>{@code FLUSHING}: the response is complete but part of it waits in the output
 *       queue; nothing more is read until it reaches the socket (back-pressure);</li>
 *   <li>{@code LINGER}: closing after a response while the client may still be sending:
 *       the output is shut down and input is read and dropped for a little while, so that
 *       the kernel does not answer unread bytes with a reset that destroys the response
 *       in flight (RFC 9112 §9.6);</li>
 *   <li>{@code CLOSED}.</li>
 * </ul>
 *
 * <p>Threads: everything runs on the connection's I/O thread except the application of
 * a {@code STREAMING} request (its virtual thread), {@link #expire()} and
 * {@link #deadline()} (the watchdog). Hand-offs go through {@code XnioIoThread.execute}.
 */
final class ReactorConnection {

    /** A deadline that never comes. */
    static final long NEVER = Long.MAX_VALUE / 4;

    /** How much unread body the server reads and drops to keep a connection alive. */
    private static final long DISCARD_LIMIT = 64 * 1024;
    /** How much a closing connection reads and drops so that the client sees the response, not a reset. */
    private static final long LINGER_LIMIT = 256 * 1024;
    private static final long LINGER_NANOS = 1_000_000_000L;
    /** How long a closing connection may take to hand its last bytes to a client. */
    private static final long CLOSING_FLUSH_NANOS = 1_000_000_000L;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /** The source of a body that is already in memory: there is never more. */
    private static final BodySource BUFFERED = buffer -> false;

    /** What the connection is doing; see the class comment. */
    enum Phase { IDLE, HEAD, BODY, RUNNING, STREAMING, FLUSHING, LINGER, CLOSED }

    /** Outcome of {@link #advance()}. */
    private enum Next { NEED_INPUT, STOP }

    private final ReactorEngine engine;
    private final StreamConnection connection;
    private final ConduitStreamSourceChannel source;
    private final ConduitStreamSinkChannel sink;
    private final XnioIoThread ioThread;
    private final LoopState loop;
    private final ConnectionInfo info;
    private final RequestParser parser;
    private final ByteBuffer in;
    /** Input read while a body streamed, not yet parsed: the next pipelined requests. */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final ByteWriter headOut = new ByteWriter(512);
    private final ConduitResponseChannel out;

    private volatile Phase phase = Phase.IDLE;
    private volatile long deadline = NEVER;
    private volatile boolean expiryPosted;
    private volatile ServerResponse current;
    /** The inline response the watchdog already timed out (watchdog thread only). */
    private ServerResponse expiredResponse;
    private long idleSince;
    private boolean first = true;
    private boolean expectMoreInput = true;

    // The exchange in progress.
    private RequestHead head;
    private long requestStart;
    private BufferedBody buffered;
    private StreamingBody streaming;
    private volatile Thread appThread;
    private ByteBuffer spareChunk;
    private long lingered;

    /**
     * @param engine     what the worker's connections share
     * @param connection the accepted XNIO connection
     * @param info       its addresses
     */
    ReactorConnection(ReactorEngine engine, StreamConnection connection, ConnectionInfo info) {
        this.engine = engine;
        this.connection = connection;
        this.source = connection.getSourceChannel();
        this.sink = connection.getSinkChannel();
        this.ioThread = connection.getIoThread();
        this.loop = engine.loop(ioThread.getNumber());
        this.info = info;
        this.parser = new RequestParser(engine.settings().parser());
        this.in = ByteBuffer.allocate(engine.settings().bufferSize()).flip();
        this.out = new ConduitResponseChannel(sink, this::close, loop.staging());
    }

    /** Starts serving; called on the connection's I/O thread. */
    void start() {
        engine.register(this);
        connection.setCloseListener(c -> onClosed());
        source.getReadSetter().set(ch -> onReadable());
        enterIdle();
        if (engine.http().isDraining()) {
            onDrain();
        }
        source.resumeReads();
    }

    /** Returns the connection's addresses. */
    ConnectionInfo info() {
        return info;
    }

    /** Returns what the connection is doing (for tests and the watchdog). */
    Phase phase() {
        return phase;
    }

    /** Returns the response channel (for tests of back-pressure). */
    ConduitResponseChannel responseChannel() {
        return out;
    }

    /** Returns the {@link System#nanoTime()} after which the watchdog expires the connection. */
    long deadline() {
        return deadline;
    }

    // ---------------------------------------------------------------- reading

    private void onReadable() {
        try {
            switch (phase) {
                case IDLE, HEAD, BODY -> readRequests();
                case STREAMING -> feedStreamingBody();
                case LINGER -> discardInput();
                case CLOSED -> { }
                // FLUSHING: back-pressure, the next request waits for the output to drain.
                default -> source.suspendReads();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Parses and serves requests until more input is needed, then reads it; I/O thread. */
    private void readRequests() throws IOException {
        while (true) {
            if (advance() == Next.STOP) {
                return;
            }
            if (!pending.isEmpty()) {
                refillFromPending();
                continue;
            }
            if (!expectMoreInput) {
                // The last read did not fill the buffer: the socket is most likely empty,
                // and the selector (level-triggered) calls again when it is not. This
                // saves a read that would return 0 after every request.
                expectMoreInput = true;
                return;
            }
            in.compact();
            int n;
            try {
                n = source.read(in);
            } finally {
                in.flip();
            }
            if (n == 0) {
                return;
            }
            if (n < 0) {
                endOfInput();
                return;
            }
            expectMoreInput = in.limit() == in.capacity();
        }
    }

    /** Moves input kept from a streamed request back into {@link #in}. */
    private void refillFromPending() {
        ByteBuffer next = pending.peek();
        in.compact();
        int n = Math.min(in.remaining(), next.remaining());
        in.put(in.position(), next, next.position(), n);
        in.position(in.position() + n);
        next.position(next.position() + n);
        in.flip();
        if (!next.hasRemaining()) {
            pending.poll();
        }
    }

    /** Makes as much progress as the bytes in {@link #in} allow. */
    private Next advance() throws IOException {
        while (true) {
            switch (phase) {
                case IDLE, HEAD -> {
                    RequestParser.Status status = parser.parse(in);
                    if (status == RequestParser.Status.NEED_MORE) {
                        if (phase == Phase.IDLE && !parser.isIdle()) {
                            enter(Phase.HEAD, engine.http().headerTimeoutNanos());
                        }
                        return Next.NEED_INPUT;
                    }
                    if (status == RequestParser.Status.ERROR) {
                        rejectHead(parser.error());
                        return Next.STOP;
                    }
                    beginRequest();
                }
                case BODY -> {
                    switch (buffered.fill(in)) {
                        case NEED_MORE -> {
                            return Next.NEED_INPUT;
                        }
                        case COMPLETE, ERROR -> runInline(buffered);
                        case FULL -> {
                            startStreaming(buffered, false);
                            return Next.STOP;
                        }
                    }
                }
                default -> {
                    return Next.STOP;
                }
            }
        }
    }

    /** The client closed its side (read returned -1) while the connection wanted input. */
    private void endOfInput() throws IOException {
        if (phase == Phase.BODY) {
            // The blocking engine lets the application find out while reading (a 400);
            // do the same with the bytes that did arrive.
            buffered.endOfInput(parser.endOfInput());
            runInline(buffered);
            return;
        }
        // Between requests, or with a partial head: nothing to answer (as the blocking engine).
        close();
    }

    // ---------------------------------------------------------------- one exchange

    private void beginRequest() throws IOException {
        head = parser.head();
        BodyDecoder wire = parser.body();
        requestStart = System.nanoTime();
        long timeout = engine.requestTimeoutNanos();
        enter(Phase.BODY, timeout > 0 ? timeout : NEVER);
        if (engine.appBlocking()) {
            // App.isBlocking(): never on the I/O thread. Run it as a large body runs, on a
            // virtual thread (stop-gap until the connection machine honours it itself).
            startStreaming(wire, head.expectContinue() && !in.hasRemaining() && pending.isEmpty());
            return;
        }
        if (wire.isComplete()) {
            runInline(wire);
            return;
        }
        if (head.expectContinue() && !in.hasRemaining() && pending.isEmpty()) {
            // The App API sends 100 (Continue) only when the application first reads the
            // body, so that an application can answer with a final status without the body
            // (RFC 9110 §10.1.1). Buffering first would need the body up front; such a
            // request runs on a virtual thread like a large body instead, and its first read
            // asks the client. A client that sent its body without waiting is not asked.
            startStreaming(wire, true);
            return;
        }
        if (!head.chunked() && head.contentLength() > BufferedBody.LIMIT) {
            startStreaming(wire, false);
            return;
        }
        buffered = new BufferedBody(wire, head.chunked() ? -1 : head.contentLength());
    }

    /** Runs the application on this I/O thread with a body that is already in memory. */
    private void runInline(BodyDecoder body) throws IOException {
        ServerRequest request = ServerRequest.create(head, info, body, NO_INPUT, BUFFERED, null);
        ServerResponse response = newResponse(request);
        current = response;
        phase = Phase.RUNNING;
        loop.enterApp(this, deadline);
        try {
            engine.http().dispatcher().dispatch(request, response);
        } finally {
            loop.leaveApp(this);
            current = null;
        }
        afterExchange(request, response);
    }

    private ServerResponse newResponse(ServerRequest request) {
        var s = engine.settings();
        return new ServerResponse(request, out, engine.http().encoder(), headOut, engine.mayKeepAlive(),
                s.sendfile(), s.bufferSize());
    }

    /** Decides what follows an inline exchange: the next request, or closing. */
    private void afterExchange(ServerRequest request, ServerResponse response) throws IOException {
        buffered = null;
        if (phase == Phase.CLOSED) {
            return;
        }
        if (response.timedOut()) {
            closeAfterFlush(false);
            return;
        }
        if (!response.keepAlive()) {
            closeAfterFlush(!request.bodyComplete() || in.hasRemaining() || !pending.isEmpty());
            return;
        }
        if (!request.bodyComplete()) {
            // The application left part of the body unread; it is in memory, drop it so the
            // next request starts at a request line (RFC 9112 §9.3).
            boolean ended;
            try {
                ended = request.discardBody(DISCARD_LIMIT);
            } catch (IOException e) {
                ended = false;
            }
            if (!ended) {
                closeAfterFlush(true);
                return;
            }
        }
        nextRequest();
    }

    /** Prepares for the next request once the output queue is empty. */
    private void nextRequest() {
        parser.reset();
        head = null;
        first = false;
        if (out.hasQueued()) {
            phase = Phase.FLUSHING;
            source.suspendReads();
            out.whenDrained(this::flushed);
            return;
        }
        enterIdle();
    }

    /** The output queue drained after a keep-alive response: serve what comes next. */
    private void flushed() {
        if (phase != Phase.FLUSHING) {
            return;
        }
        enterIdle();
        source.resumeReads();
        try {
            readRequests();
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void rejectHead(ParseError error) throws IOException {
        ServerLog.ERROR.warn("Invalid request from ip={}: {}", info.remoteHost(), error.message());
        headOut.clear();
        ErrorResponse.render(engine.http().encoder(), headOut, HttpVersion.HTTP_1_1, error.status(),
                error.safeToEcho() ? error.message() : null);
        out.write(headOut.asBuffer());
        closeAfterFlush(true);
    }

    // ---------------------------------------------------------------- large bodies

    /**
     * Runs the request on a virtual thread with a body fed by this I/O thread, because the
     * body is larger than {@link BufferedBody#LIMIT}. {@link #in} belongs to the virtual
     * thread until {@link #afterStreaming}; this thread reads the socket into chunks.
     */
    private void startStreaming(BodyDecoder body, boolean askToContinue) {
        phase = Phase.STREAMING;
        StreamingBody stream = new StreamingBody(this::resumeStreamingReads);
        for (ByteBuffer p : pending) {
            stream.offer(p);
        }
        pending.clear();
        streaming = stream;
        ServerRequest request = ServerRequest.create(head, info, body, in, stream,
                askToContinue ? this::sendContinue : null);
        ServerResponse response = newResponse(request);
        current = response;
        appThread = Thread.ofVirtual().name("loomicorn-reactor-request").unstarted(() -> runStreaming(request, response));
        appThread.start();
        feedStreamingBody();
    }

    /** On the request's virtual thread, before the body's first read: ask the client for it. */
    private void sendContinue() {
        ServerResponse r = current;
        if (r != null && !r.isCommitted()) {
            try {
                out.write(ByteBuffer.wrap(CONTINUE));
            } catch (IOException e) {
                ServerLog.ERROR.debug("Could not send 100 Continue: {}", e.toString());
            }
        }
    }

    /** The virtual thread of a streamed request. */
    private void runStreaming(ServerRequest request, ServerResponse response) {
        boolean reusable = false;
        try {
            engine.http().dispatcher().dispatch(request, response);
            if (!response.timedOut() && response.keepAlive()) {
                if (request.bodyComplete()) {
                    reusable = true;
                } else {
                    deadline = System.nanoTime() + engine.http().headerTimeoutNanos();
                    reusable = request.discardBody(DISCARD_LIMIT);
                }
            }
        } catch (IOException e) {
            reusable = false;
        } catch (Throwable t) {
            ServerLog.ERROR.error("Serving a streamed request failed", t);
        }
        boolean reuse = reusable;
        try {
            ioThread.execute(() -> afterStreaming(response, reuse));
        } catch (RejectedExecutionException e) {
            // The worker is shutting down; the connection closes with it.
        }
    }

    /** Back on the I/O thread after a streamed request. */
    private void afterStreaming(ServerResponse response, boolean reusable) {
        try {
            StreamingBody stream = streaming;
            streaming = null;
            appThread = null;
            current = null;
            if (phase == Phase.CLOSED) {
                return;
            }
            if (stream != null) {
                pending.addAll(stream.detach());
            }
            if (response.timedOut()) {
                closeAfterFlush(false);
                return;
            }
            if (!reusable) {
                closeAfterFlush(true);
                return;
            }
            source.resumeReads();
            nextRequest();
            if (phase == Phase.IDLE) {
                readRequests();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Reads the socket into the streamed body's queue until it is full; I/O thread. */
    private void feedStreamingBody() {
        StreamingBody stream = streaming;
        try {
            while (true) {
                ByteBuffer chunk = spareChunk != null ? spareChunk : ByteBuffer.allocate(StreamingBody.CHUNK);
                spareChunk = null;
                int n = source.read(chunk);
                if (n == 0) {
                    spareChunk = chunk;
                    return;
                }
                if (n < 0) {
                    stream.endOfInput();
                    source.suspendReads();
                    return;
                }
                if (!stream.offer(chunk.flip())) {
                    source.suspendReads();
                    return;
                }
            }
        } catch (IOException e) {
            stream.endOfInput();
            source.suspendReads();
        }
    }

    /** Called on the application's thread when the body queue has room again. */
    private void resumeStreamingReads() {
        try {
            ioThread.execute(() -> {
                if (phase == Phase.STREAMING) {
                    source.resumeReads();
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes after the queued output reached the socket, lingering if the client may
     * still be sending.
     */
    private void closeAfterFlush(boolean linger) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.FLUSHING;
        if (deadline >= NEVER) {
            deadline = System.nanoTime() + CLOSING_FLUSH_NANOS + engine.requestTimeoutNanos();
        }
        source.suspendReads();
        out.whenDrained(linger ? this::startLinger : this::close);
    }

    private void startLinger() {
        if (phase == Phase.CLOSED) {
            return;
        }
        try {
            sink.shutdownWrites();
        } catch (IOException e) {
            close();
            return;
        }
        if (!connection.isOpen()) {
            return; // the client had already closed its side: XNIO closed the connection
        }
        pending.clear();
        lingered = 0;
        enter(Phase.LINGER, LINGER_NANOS);
        source.resumeReads();
        discardInput();
    }

    private void discardInput() {
        try {
            while (lingered < LINGER_LIMIT) {
                in.clear();
                int n = source.read(in);
                if (n == 0) {
                    return;
                }
                if (n < 0) {
                    break;
                }
                lingered += n;
            }
        } catch (IOException e) {
            // reset by the peer: done either way
        }
        close();
    }

    /** Closes the connection now; I/O thread. */
    void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        deadline = NEVER;
        IoUtils.safeClose(connection);
        onClosed();
    }

    /** XNIO's close listener, and the end of {@link #close()}; idempotent. */
    private void onClosed() {
        phase = Phase.CLOSED;
        deadline = NEVER;
        out.close();
        StreamingBody stream = streaming;
        if (stream != null) {
            stream.abort();
        }
        engine.unregister(this);
    }

    private void fail(Throwable t) {
        if (t instanceof IOException) {
            ServerLog.ERROR.debug("Connection from {} failed: {}", info.remoteHost(), t.toString());
        } else {
            ServerLog.ERROR.error("Connection from {} failed", info.remoteHost(), t);
        }
        close();
    }

    // ---------------------------------------------------------------- deadlines and drain

    private void enterIdle() {
        idleSince = System.nanoTime();
        enter(Phase.IDLE, engine.http().idleNanos(first));
    }

    private void enter(Phase p, long nanos) {
        phase = p;
        deadline = nanos >= NEVER ? NEVER : System.nanoTime() + nanos;
    }

    /**
     * Acts on a passed deadline; watchdog thread. A running inline application is answered
     * and interrupted from here, because its I/O thread is busy running it; everything
     * else is done on the I/O thread.
     */
    void expire() {
        Phase p = phase;
        if (p == Phase.CLOSED) {
            return;
        }
        if (p == Phase.RUNNING) {
            // The I/O thread may finish the request at any moment and move on, so this
            // path changes nothing of the connection's own state (not even its deadline):
            // it answers and interrupts this one response, once.
            ServerResponse r = current;
            if (r == null || r == expiredResponse) {
                return;
            }
            expiredResponse = r;
            logTimeout(loop.thread());
            if (r != null && r.claimForTimeout()) {
                try {
                    r.writeTimeoutResponse(timeoutDetail());
                } catch (IOException e) {
                    ServerLog.ERROR.debug("Could not send the timeout response: {}", e.toString());
                }
            }
            loop.interruptApp(this);
            return;
        }
        if (!expiryPosted) {
            expiryPosted = true;
            try {
                ioThread.execute(this::expireOnLoop);
            } catch (RejectedExecutionException e) {
                expiryPosted = false;
            }
        }
    }

    private void expireOnLoop() {
        expiryPosted = false;
        if (System.nanoTime() - deadline <= 0) {
            return; // the connection moved on since the watchdog looked
        }
        try {
            switch (phase) {
                case BODY -> timeoutBeforeApplication();
                case STREAMING -> timeoutStreaming();
                case RUNNING, CLOSED -> { }
                case IDLE, HEAD -> {
                    // An inline application may have held this I/O thread while the
                    // connection's next request waited in the socket: serve what arrived
                    // before judging the connection idle or slow.
                    expectMoreInput = true;
                    readRequests();
                    if ((phase == Phase.IDLE || phase == Phase.HEAD) && System.nanoTime() - deadline > 0) {
                        close();
                    }
                }
                default -> close();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** The request ran out of time while its body was still arriving. */
    private void timeoutBeforeApplication() throws IOException {
        logTimeout(null);
        ServerRequest request = ServerRequest.create(head, info, buffered, NO_INPUT, BUFFERED, null);
        ServerResponse response = newResponse(request);
        response.claimForTimeout();
        response.writeTimeoutResponse(timeoutDetail());
        engine.accessLog().log(request, response, 0, System.nanoTime() - requestStart);
        engine.requestCompleted().run();
        deadline = NEVER;
        closeAfterFlush(false);
    }

    /** The streamed request ran out of time: answer if nothing was sent, stop its thread, close. */
    private void timeoutStreaming() throws IOException {
        logTimeout(appThread);
        ServerResponse r = current;
        if (r != null && r.claimForTimeout()) {
            try {
                r.writeTimeoutResponse(timeoutDetail());
            } catch (IOException e) {
                ServerLog.ERROR.debug("Could not send the timeout response: {}", e.toString());
            }
        }
        StreamingBody stream = streaming;
        if (stream != null) {
            stream.abort();
        }
        Thread t = appThread;
        if (t != null) {
            t.interrupt();
        }
        deadline = NEVER;
        closeAfterFlush(false);
    }

    /** Logs the timeout, with the stack of the thread that runs the application when there is one. */
    private void logTimeout(Thread app) {
        ServerLog.ERROR.error("Request timed out after {} s (pid:{}), closing its connection from {}{}",
                engine.settings().requestTimeout().toSeconds(), ProcessHandle.current().pid(), info.remoteHost(),
                app == null ? " (its body had not arrived)" : "; it was at:" + StackDump.of(app));
    }

    private String timeoutDetail() {
        return "the request exceeded the " + engine.settings().requestTimeout().toSeconds() + " s timeout";
    }

    /**
     * The worker started draining; I/O thread. An idle connection closes after a short
     * quiet period (not at once: the client may be sending its next request right now); a
     * busy one finishes, and its response says {@code Connection: close}.
     */
    void onDrain() {
        if (phase == Phase.IDLE && parser.isIdle()) {
            long quietEnd = idleSince + HttpEngine.DRAIN_IDLE_NANOS;
            if (quietEnd - deadline < 0) {
                deadline = quietEnd;
            }
        }
    }

    /**
     * Closes now, whatever the connection is doing: the end of the grace period, or
     * {@code INT}. Runs on the caller's thread (the worker's main thread), because the
     * I/O thread may be busy running this connection's application: as the blocking
     * engine does, the socket is closed first (so an interrupted application cannot send
     * anything more), then the application is interrupted.
     */
    void forceClose() {
        Thread t = appThread;
        phase = Phase.CLOSED;
        deadline = NEVER;
        IoUtils.safeClose(connection);
        onClosed();
        loop.interruptApp(this);
        if (t != null) {
            t.interrupt();
        }
    }

    /** Posts {@link #onDrain()} to the connection's I/O thread. */
    void postDrain() {
        post(this::onDrain);
    }

    private void post(Runnable task) {
        try {
            ioThread.execute(task);
        } catch (RejectedExecutionException e) {
            // the worker is stopping; the connection closes with it
        }
    }
}
