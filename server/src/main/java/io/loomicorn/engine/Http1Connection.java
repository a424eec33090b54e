package io.loomicorn.engine;

import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.ErrorResponse;
import io.loomicorn.http.codec.ResponseHeadEncoder;
import io.loomicorn.http.parser.BodyDecoder;
import io.loomicorn.http.parser.ParseError;
import io.loomicorn.http.parser.RequestHead;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.proxy.ProxiedConnection;
import io.loomicorn.tls.PlainHttpRequestException;
import io.loomicorn.tls.ServerTls;
import io.loomicorn.tls.TlsCodec;
import io.loomicorn.tls.TlsConnection;
import io.loomicorn.spi.Connection;
import io.loomicorn.spi.Transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The connection machine: every rule of one HTTP/1.1 connection, with no I/O of its own.
 * Bytes come in through {@link #received}, time through {@link #expire} (the engine's
 * watchdog), and the machine answers with a {@link Connection.Step} and writes through
 * the connection's {@link Transport}. The same machine serves blocking worker classes
 * ({@code Bodies.PULL}: the request's thread reads its body through the transport) and
 * event loops ({@code Bodies.BUFFER_THEN_STREAM}: small bodies are read into memory
 * before the request runs, larger ones are streamed to it).
 *
 * <h2>Phases and deadlines</h2>
 * <ul>
 *   <li>{@code IDLE}: waiting for a request; {@code header_timeout} on a new connection,
 *       {@code keepalive} between requests, and no deadline once the worker drains (the
 *       client's next request is answered with {@code Connection: close}; the end of the
 *       grace period closes what is left);</li>
 *   <li>{@code HEAD}: part of a head arrived; {@code header_timeout} from its first byte;</li>
 *   <li>{@code BODY}: an event loop reads a small body into memory; the request's
 *       {@code timeout} runs from the end of the head;</li>
 *   <li>{@code APP}: the request runs; {@code timeout}, restarted by each write of a
 *       committed response, and {@code header_timeout} while an unread body is dropped;</li>
 *   <li>{@code LINGER}: closing while the client may still send: the output is shut down
 *       and input dropped for up to a second, so the kernel does not answer unread bytes
 *       with a reset that destroys the response in flight (RFC 9112 §9.6);</li>
 *   <li>{@code CLOSED}.</li>
 * </ul>
 *
 * <h2>After each exchange</h2>
 * The response said whether the connection stays open before its head was written
 * ({@link ServerResponse}): never on {@code sync}, when draining, when
 * {@code max_requests} is used up, after a server error, or when the application left
 * more body unread than {@value #DISCARD_LIMIT} bytes or a chunked body of unknown size.
 * A kept connection drops the rest of an unread body and parses the next request,
 * pipelined or not; a closing one lingers if input may still arrive.
 *
 * <h2>Idle connections</h2>
 * A keep-alive connection that receives no byte for {@link #IDLE_TRIM_NANOS} gives up
 * what it needs only for its next request: the head parser with its buffer and field
 * tables, the response-head writer and an empty pipelining queue (about 3.4 KiB;
 * the input buffer went back to the engine's pool already). They are made again when a
 * request arrives. A busy connection
 * never waits that long, so it keeps them and pays nothing: giving them up after every
 * response cost 4% more CPU per plaintext request on {@code vthread}. The watchdog's
 * deadline times it: an event loop trims on its own thread ({@link Transport#runExpiry});
 * on a blocking driver the watchdog trims while the connection's thread waits in its
 * idle read, and the thread, when bytes arrive, waits for a trim in progress to end.
 *
 * <p>Threads: the driver calls everything on the connection's own thread, except
 * {@link #dispatch()} (the request's thread) and {@link #expire} (the watchdog). A
 * deadline value names one phase of one exchange: every transition writes its deadline
 * before its phase, never the value it replaces ({@link #nextDeadline}), and the watchdog
 * acts on a deadline only after a compare-and-set from the value it found passed. So a
 * request that arrives as the watchdog acts on the idle deadline is neither timed out nor
 * closed under its feet; one of the two wins.
 */
final class Http1Connection implements Connection, ResponseContext, ConnectionWatchdog.Watched {

    /** How much unread body the server reads and drops to keep a connection alive. */
    static final long DISCARD_LIMIT = 64 * 1024;
    /** How much a closing connection reads and drops so that the client sees the response, not a reset. */
    private static final long LINGER_LIMIT = 256 * 1024;
    private static final long LINGER_NANOS = 1_000_000_000L;
    static final long NEVER = Long.MAX_VALUE / 4;
    /**
     * The deadline of a blocking connection whose idle, head or linger deadline the watchdog
     * claimed to close it: its thread, which may hold the next request's bytes already, then
     * does not start it ({@link #moveDeadline}). Never passes.
     */
    private static final long EXPIRED = NEVER + 1;
    /** How long a timed-out request may take to return after its interrupt. */
    private static final long TIMED_OUT_ALLOWANCE_NANOS = 1_000_000_000L;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /**
     * What {@link #in} is while the connection holds no input buffer: empty, capacity 0, shared
     * by every connection (only read, and told apart by identity).
     */
    private static final ByteBuffer RELEASED = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /**
     * A blocking driver's thread stays parked in its read while the connection idles, holding
     * the buffer it reads into: this small one, not an 8 KiB input buffer. Most request heads
     * fit; a longer one costs one more read, into the input buffer it is moved to.
     */
    static final int IDLE_READ = 1024;
    /**
     * The smallest idle read buffer. After each idle read the next one holds at least twice what
     * it received (four times the highest power of two below it), between this and
     * {@link #IDLE_READ}, since a client's request heads are much alike: a client of short heads
     * (an API client, a load generator) then idles holding 128 bytes, not 1 KiB; a buffer that a
     * read filled doubles for the next.
     */
    static final int IDLE_READ_MIN = 128;
    /**
     * How long a keep-alive connection waits without a byte before it gives up its buffers
     * (see the class comment): longer than a client's pause between requests under load,
     * short enough that thousands of idle connections hold little a second after their last
     * response. The watchdog looks every 100 ms.
     */
    static final long IDLE_TRIM_NANOS = 250_000_000L;
    /** {@link #idleRead}: the blocking driver's thread is not in its idle read. */
    private static final int BUSY = 0;
    /** The thread waits in its idle read: the watchdog may trim. */
    private static final int WAITING = 1;
    /** The watchdog trims; the thread, woken by bytes, waits until it is back to {@link #BUSY}. */
    private static final int TRIMMING = 2;
    private static final VarHandle IDLE_READ_STATE;
    private static final VarHandle DEADLINE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IDLE_READ_STATE = lookup.findVarHandle(Http1Connection.class, "idleReadState", int.class);
            DEADLINE = lookup.findVarHandle(Http1Connection.class, "deadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The source of a body that is already in memory: there is never more. */
    private static final BodySource IN_MEMORY = buffer -> false;

    /** What the connection is doing; see the class comment. */
    enum Phase { IDLE, HEAD, BODY, APP, LINGER, CLOSED }

    private final HttpEngine engine;
    private final Transport transport;
    private final ConnectionInfo info;
    /** The TLS side, when Loomicorn terminates TLS on this connection; null on a plain one. */
    private final TlsConnection tls;
    /** The encrypted bytes the driver read, for the TLS reader; null on a plain connection. */
    private final RawInput raw;
    private final boolean pull;
    /**
     * The head parser; null while an idle connection holds none (given up with its buffers,
     * made again by {@link #parser()} when bytes arrive).
     */
    private RequestParser parser;
    /**
     * Decrypted, unparsed input, in read mode: a buffer of the engine's input {@link BufferPool}, or
     * {@link #RELEASED} while the connection waits, idle, with nothing buffered.
     */
    private ByteBuffer in;
    /** What a blocking driver reads into while the connection idles (see {@link #IDLE_READ}); lazily made. */
    private ByteBuffer idleRead;
    /** Where a blocking driver's thread is with its idle read: {@link #BUSY}, {@link #WAITING}, {@link #TRIMMING}. */
    private int idleReadState;
    /** The response-head writer; null while an idle connection holds none ({@link #headOut()} makes one). */
    private ByteWriter headOut;
    /**
     * Input that arrived while a request ran off the loop: the next pipelined requests. Made
     * when first needed, with room for two (rarely more than one), and given up by an idle
     * connection that holds none.
     */
    private ArrayDeque<ByteBuffer> pending;
    private final AppCall appCall = new AppCall();

    private volatile Phase phase = Phase.IDLE;
    private volatile long deadline = NEVER;
    /**
     * The deadline at which an idle keep-alive connection gives up its buffers, or 0; written
     * before {@link #deadline}, so the watchdog sees the one that goes with the deadline it read.
     */
    private volatile long trimDeadline;
    /**
     * The deadline the connection set when it last began to wait for its client's next
     * request (0 before its first request), for {@link #onDrain}; written before
     * {@link #deadline}.
     */
    private volatile long keepAliveDeadline;
    private boolean first = true;
    private boolean proxyHeaderRead;
    /** The TLS reader saw the end of the stream. */
    private boolean tlsEnded;
    /** The connection was answered in clear text on a TLS port: no close_notify. */
    private boolean clearText;
    /** The buffer {@link #readBuffer()} handed out, for {@link #received}. */
    private ByteBuffer reading;
    private ByteBuffer spareChunk;
    private long lingered;
    private long flushedAtLastDeadline = -1;

    // The exchange in progress.
    private RequestHead head;
    private long requestStart;
    private BufferedBody buffered;
    private volatile StreamingBody streaming;
    private ServerRequest request;
    private volatile ServerResponse current;
    private boolean inline;
    private volatile boolean reusable;
    private volatile boolean discarding;
    /** The response the watchdog already timed out (watchdog thread only). */
    private volatile ServerResponse expired;

    /**
     * @param engine    the worker's engine
     * @param transport the socket side
     * @param info      the addresses and proxy state
     * @param serverTls the TLS setup of the listener, or null for plain HTTP
     */
    Http1Connection(HttpEngine engine, Transport transport, ConnectionInfo info, ServerTls serverTls) {
        this.engine = engine;
        this.transport = transport;
        this.pull = engine.pullsBodies();
        if (serverTls == null) {
            this.raw = null;
            this.tls = null;
            this.info = info;
        } else {
            // One TLS layer for every worker class: the driver moves encrypted bytes, the
            // machine decrypts into its parser's buffer and encrypts what it writes.
            this.raw = new RawInput(transport, engine.settings().bufferSize());
            this.tls = serverTls.open(raw, transport::write, transport::resumeReads, !pull);
            this.info = info.withTls(tls);
        }
        this.parser = new RequestParser(engine.settings().parser());
        this.in = RELEASED;
    }

    /** Returns the connection's addresses. */
    ConnectionInfo info() {
        return info;
    }

    /** Returns the socket side. */
    Transport transport() {
        return transport;
    }

    /** Returns the bytes of the buffers an idle connection gives up: the parser's head buffer and the head writer's (tests). */
    int trimmableBytes() {
        RequestParser p = parser;
        ByteWriter w = headOut;
        return (p == null ? 0 : p.bufferCapacity()) + (w == null ? 0 : w.capacity());
    }

    /** Tells whether the connection holds a head parser (tests: an idle one gives it up). */
    boolean holdsParser() {
        return parser != null;
    }

    /** Returns what the connection is doing (tests). */
    Phase phase() {
        return phase;
    }

    // ------------------------------------------------------------------ the driver's side

    @Override
    public Step start() {
        enterIdle();
        return Step.READ;
    }

    @Override
    public ByteBuffer readBuffer() {
        Phase p = phase;
        if (p == Phase.APP && tls != null) {
            reading = raw.writable();
        } else if (p == Phase.APP) {
            ByteBuffer chunk = spareChunk != null ? spareChunk : ByteBuffer.allocate(StreamingBody.CHUNK);
            spareChunk = null;
            reading = chunk.clear();
        } else if (p == Phase.LINGER || p == Phase.CLOSED) {
            reading = input().clear();
        } else if (tls != null) {
            reading = raw.writable();
        } else if (pull && p == Phase.IDLE && in == RELEASED) {
            if (idleRead == null) {
                idleRead = ByteBuffer.allocate(IDLE_READ);
            }
            reading = idleRead.clear();
            IDLE_READ_STATE.setRelease(this, WAITING);
        } else {
            reading = input().compact();
            if (!in.hasRemaining()) {
                throw new IllegalStateException("the input buffer is full of unparsed bytes");
            }
        }
        return reading;
    }

    @Override
    public Step received(int count) {
        ByteBuffer target = reading;
        reading = null;
        if (target == null) {
            throw new IllegalStateException("received without readBuffer");
        }
        if (tls != null && target != in) {
            raw.received(count);
            return phase == Phase.APP ? decryptWhileRunning() : receivedEncrypted();
        }
        if (target == idleRead) {
            return receivedWhileIdle(count);
        }
        if (target != in) {
            return receivedWhileRunning(target, count);
        }
        in.flip();
        return switch (phase) {
            case LINGER -> lingerRead(count);
            case CLOSED -> Step.CLOSE;
            default -> releaseInputWhenIdle(count < 0 ? endOfInput() : count == 0 ? Step.READ : advance());
        };
    }

    /** Moves what a blocking driver read while the connection idled into an input buffer, and goes on. */
    private Step receivedWhileIdle(int count) {
        if (!IDLE_READ_STATE.compareAndSet(this, WAITING, BUSY)) {
            // The watchdog trims the idle connection right now (microseconds): let it finish.
            while ((int) IDLE_READ_STATE.getAcquire(this) != BUSY) {
                Thread.onSpinWait();
            }
        }
        if (count > 0) {
            input().compact().put(idleRead.flip()).flip();
            int fit = idleReadSize(count, idleRead.capacity());
            if (fit != idleRead.capacity()) {
                idleRead = ByteBuffer.allocate(fit);
            }
        }
        return releaseInputWhenIdle(count < 0 ? endOfInput() : count == 0 ? Step.READ : advance());
    }

    /**
     * The size of the next idle read buffer after one of {@code capacity} bytes received
     * {@code count} (see {@link #IDLE_READ_MIN}).
     */
    static int idleReadSize(int count, int capacity) {
        if (count >= capacity) {
            return Math.min(IDLE_READ, capacity * 2);
        }
        return Math.clamp(Integer.highestOneBit(count) << 2, IDLE_READ_MIN, IDLE_READ);
    }

    /** The input buffer, taken from the worker's spares when the connection gave its own back. */
    private ByteBuffer input() {
        if (in == RELEASED) {
            in = engine.inputBuffers().take().limit(0); // empty, in read mode
        }
        return in;
    }

    /** The head parser, made again when an idle connection gave its own up. */
    private RequestParser parser() {
        RequestParser p = parser;
        if (p == null) {
            p = new RequestParser(engine.settings().parser());
            parser = p;
        }
        return p;
    }

    /** Tells whether input kept from a request that ran off the loop waits to be parsed. */
    private boolean hasPending() {
        ArrayDeque<ByteBuffer> p = pending;
        return p != null && !p.isEmpty();
    }

    /** The queue of input kept from a request that ran off the loop; made when first needed. */
    private ArrayDeque<ByteBuffer> pending() {
        ArrayDeque<ByteBuffer> p = pending;
        if (p == null) {
            p = new ArrayDeque<>(2);
            pending = p;
        }
        return p;
    }

    /**
     * Gives the input buffer back when the connection is to wait for a next request with
     * nothing buffered: an idle keep-alive connection of a worker that reads on readiness
     * (reactor) then holds no buffer. A blocking worker takes one again at once for its read.
     */
    private Step releaseInputWhenIdle(Step next) {
        if (next == Step.READ && phase == Phase.IDLE && tls == null && in != RELEASED && !in.hasRemaining()
                && !hasPending()) {
            engine.inputBuffers().give(in);
            in = RELEASED;
        }
        return next;
    }

    @Override
    public boolean dispatchInline() {
        return inline;
    }

    @Override
    public void dispatch() {
        ServerRequest req = request;
        ServerResponse res = current;
        boolean keep = false;
        appCall.enter();
        engine.exchangeStarted();
        try {
            engine.dispatcher().dispatch(req, res);
            keep = !res.timedOut() && res.keepAlive();
            if (keep && !req.bodyComplete()) {
                // The application left part of the body unread: drop it, within reason, so
                // that the next request starts at a request line (RFC 9112 §9.3). The head
                // said keep-alive only if the rest was known to be small.
                discarding = true;
                deadline = nextDeadline(engine.nanoTime() + engine.headerTimeoutNanos());
                keep = req.discardBody(DISCARD_LIMIT);
            }
        } catch (IOException e) {
            keep = false;
        } finally {
            reusable = keep;
            appCall.leave();
            engine.exchangeEnded();
        }
    }

    @Override
    public Step exchangeDone() {
        ServerRequest req = request;
        ServerResponse res = current;
        request = null;
        current = null;
        buffered = null;
        head = null;
        discarding = false;
        StreamingBody stream = streaming;
        streaming = null;
        if (stream != null) {
            for (ByteBuffer b : stream.detach()) {
                pending().add(b);
            }
        }
        if (phase == Phase.CLOSED) {
            return Step.CLOSE;
        }
        if (res.timedOut() || expired == res) {
            return close();
        }
        if (!reusable) {
            return lingerClose(!req.bodyComplete() || in.hasRemaining() || hasPending());
        }
        parser.reset();
        first = false;
        enterIdle();
        return releaseInputWhenIdle(advance());
    }

    // ------------------------------------------------------------------ parsing and exchanges

    /** Makes as much progress as the buffered input allows; connection thread. */
    private Step advance() {
        while (true) {
            switch (phase) {
                case IDLE, HEAD -> {
                    if (first && !proxyHeaderRead && tls == null) {
                        // A PROXY header may precede the first request (proxy_protocol); it
                        // returns DONE at once when the setting is off.
                        ProxiedConnection.Prelude prelude = info.proxy().readHeader(in);
                        if (prelude == ProxiedConnection.Prelude.NEED_MORE) {
                            if (phase == Phase.IDLE && in.hasRemaining()) {
                                enter(Phase.HEAD, engine.headerTimeoutNanos());
                            }
                            return Step.READ;
                        }
                        if (prelude == ProxiedConnection.Prelude.FAILED) {
                            return rejectHead(info.proxy().headerError());
                        }
                        proxyHeaderRead = true;
                    }
                    RequestParser.Status status = parser().parse(in);
                    if (status == RequestParser.Status.NEED_MORE) {
                        if (phase == Phase.IDLE && !parser.isIdle()) {
                            enter(Phase.HEAD, engine.headerTimeoutNanos());
                        }
                        if (hasPending()) {
                            refillFromPending();
                            continue;
                        }
                        if (tls != null && tls.reader().hasBufferedInput()) {
                            Step failed = decrypt();
                            if (failed != null) {
                                return failed;
                            }
                            if (in.hasRemaining()) {
                                continue;
                            }
                        }
                        return Step.READ;
                    }
                    if (status == RequestParser.Status.ERROR) {
                        return rejectHead(parser.error());
                    }
                    Step next = beginRequest();
                    if (next != null) {
                        return next;
                    }
                }
                case BODY -> {
                    switch (buffered.fill(in)) {
                        case NEED_MORE -> {
                            if (hasPending()) {
                                refillFromPending();
                                continue;
                            }
                            if (tls != null && tls.reader().hasBufferedInput()) {
                                Step failed = decrypt();
                                if (failed != null) {
                                    return failed;
                                }
                                if (in.hasRemaining()) {
                                    continue;
                                }
                            }
                            return Step.READ;
                        }
                        case COMPLETE, ERROR -> {
                            return dispatchInMemory(buffered);
                        }
                        case FULL -> {
                            return dispatchStreaming(buffered, false);
                        }
                    }
                }
                case CLOSED -> {
                    return Step.CLOSE;
                }
                default -> {
                    return Step.READ;
                }
            }
        }
    }

    /**
     * Starts the exchange of the head just parsed.
     *
     * @return the step, or null to go on buffering the body
     */
    private Step beginRequest() {
        head = parser.head();
        BodyDecoder wire = parser.body();
        requestStart = engine.nanoTime();
        long timeout = engine.requestTimeoutNanos();
        long requestDeadline = timeout > 0 ? requestStart + timeout : NEVER;
        if (!moveDeadline(requestDeadline)) {
            return Step.CLOSE; // the watchdog closed the connection as the request arrived
        }
        if (pull) {
            prepare(wire, in, this::pullInput, head.expectContinue());
            inline = true;
            phase = Phase.APP;
            return Step.DISPATCH;
        }
        phase = Phase.BODY;
        boolean blockingApp = engine.blockingApp();
        if (wire.isComplete() && !blockingApp) {
            return dispatchInMemory(wire);
        }
        if (wire.isComplete()) {
            return dispatchOffLoop(wire);
        }
        if (head.expectContinue() && !in.hasRemaining() && !hasPending()) {
            // The App API sends 100 (Continue) only when the application first reads the
            // body, so that it can answer with a final status without the body (RFC 9110
            // §10.1.1); buffering would need the body first. A client that sent its body
            // without waiting is not asked.
            return dispatchStreaming(wire, true);
        }
        if (blockingApp || (!head.chunked() && head.contentLength() > BufferedBody.LIMIT)) {
            return dispatchStreaming(wire, false);
        }
        buffered = new BufferedBody(wire, head.chunked() ? -1 : head.contentLength());
        return null;
    }

    /** The body is in memory (or in error): the request may run on the loop. */
    private Step dispatchInMemory(BodyDecoder body) {
        prepare(body, NO_INPUT, IN_MEMORY, false);
        phase = Phase.APP;
        inline = true;
        return Step.DISPATCH;
    }

    /** The body is complete but the application blocks: run it off the loop, and read nothing meanwhile. */
    private Step dispatchOffLoop(BodyDecoder body) {
        prepare(body, NO_INPUT, IN_MEMORY, false);
        phase = Phase.APP;
        inline = false;
        return Step.DISPATCH;
    }

    /**
     * Runs the request off the loop with its body streamed from the loop: {@link #in}
     * belongs to the request's decoder until {@link #exchangeDone()}; the loop reads
     * into chunks meanwhile ({@link #receivedWhileRunning}).
     */
    private Step dispatchStreaming(BodyDecoder body, boolean askToContinue) {
        StreamingBody stream = new StreamingBody(transport::resumeReads);
        if (pending != null) {
            for (ByteBuffer p : pending) {
                stream.offer(p);
            }
            pending.clear();
        }
        streaming = stream;
        prepare(body, in, stream, askToContinue);
        phase = Phase.APP;
        inline = false;
        return Step.DISPATCH;
    }

    private void prepare(BodyDecoder body, ByteBuffer bodyInput, BodySource source, boolean continueOnRead) {
        request = ServerRequest.create(head, info, body, bodyInput, source, continueOnRead ? this::sendContinue : null);
        current = new ServerResponse(request, this);
        reusable = false;
    }

    /** Input that arrived while a request ran off the loop. */
    private Step receivedWhileRunning(ByteBuffer chunk, int count) {
        StreamingBody stream = streaming;
        if (count < 0) {
            if (stream != null) {
                stream.endOfInput();
            }
            spareChunk = chunk;
            return Step.PAUSE;
        }
        if (count == 0) {
            spareChunk = chunk;
            return Step.READ;
        }
        chunk.flip();
        if (stream == null) {
            // A blocking application runs with its body complete: keep what follows for later.
            pending().add(chunk);
            return Step.PAUSE;
        }
        return stream.offer(chunk) ? Step.READ : Step.PAUSE;
    }

    /** The client closed its side while the connection wanted input. */
    private Step endOfInput() {
        if (first && !proxyHeaderRead && info.proxy().endOfInput() == ProxiedConnection.Prelude.FAILED) {
            return rejectHead(info.proxy().headerError()); // a PROXY header cut short
        }
        if (phase == Phase.BODY) {
            // As with blocking reads, the application finds out while reading (a 400),
            // after the bytes that did arrive.
            buffered.endOfInput(parser.endOfInput());
            return dispatchInMemory(buffered);
        }
        // Between requests, or with a partial head: nothing to answer.
        return close();
    }

    /** Blocking transports: reads more of the body into {@link #in}, on the request's thread. */
    private boolean pullInput(ByteBuffer buffer) throws IOException {
        buffer.compact();
        try {
            if (!buffer.hasRemaining()) {
                throw new IllegalStateException("the input buffer is full of unconsumed bytes");
            }
            if (tls == null) {
                return transport.read(buffer) >= 0;
            }
            raw.blockWhenEmpty(true);
            try {
                int n;
                while ((n = tls.reader().read(buffer)) == 0) {
                    // a handshake message (a TLS 1.3 key update) and no plaintext yet
                }
                return n > 0;
            } finally {
                raw.blockWhenEmpty(false);
            }
        } finally {
            buffer.flip();
        }
    }

    // ------------------------------------------------------------------ TLS

    /** Encrypted bytes arrived before a request runs: the PROXY header first, then decryption. */
    private Step receivedEncrypted() {
        if (first && !proxyHeaderRead) {
            // A PROXY header precedes the TLS handshake, in clear.
            ProxiedConnection.Prelude prelude = info.proxy().readHeader(raw.staged());
            if (prelude == ProxiedConnection.Prelude.NEED_MORE && raw.ended()) {
                prelude = info.proxy().endOfInput();
            }
            if (prelude == ProxiedConnection.Prelude.NEED_MORE) {
                return Step.READ;
            }
            if (prelude == ProxiedConnection.Prelude.FAILED) {
                return answerInClear(info.proxy().headerError().status(), info.proxy().headerError().message());
            }
            proxyHeaderRead = true;
        }
        Step failed = decrypt();
        if (failed != null) {
            return failed;
        }
        if (tlsEnded && !in.hasRemaining()) {
            return endOfInput();
        }
        return advance();
    }

    /**
     * Decrypts what the TLS reader has into {@link #in}, without waiting for the socket.
     *
     * @return null to go on, or the step that ends the connection (plain HTTP, a TLS failure)
     */
    private Step decrypt() {
        input().compact();
        int n;
        try {
            n = tls.reader().read(in);
        } catch (PlainHttpRequestException e) {
            in.flip();
            return answerInClear(400, TlsCodec.PLAIN_HTTP_DETAIL);
        } catch (IOException e) {
            in.flip();
            ServerLog.ERROR.debug("TLS with {} failed: {}", info.remoteHost(), e.getMessage());
            return abortNow();
        }
        in.flip();
        if (n < 0) {
            tlsEnded = true;
        }
        return null;
    }

    /** Decrypts what arrived while a request runs off the loop, for its streamed body. */
    private Step decryptWhileRunning() {
        StreamingBody stream = streaming;
        while (true) {
            ByteBuffer chunk = ByteBuffer.allocate(StreamingBody.CHUNK);
            int n;
            try {
                n = tls.reader().read(chunk);
            } catch (IOException e) {
                ServerLog.ERROR.debug("TLS with {} failed: {}", info.remoteHost(), e.getMessage());
                if (stream != null) {
                    stream.abort();
                }
                return abortNow();
            }
            if (n < 0) {
                if (stream != null) {
                    stream.endOfInput();
                }
                return Step.PAUSE;
            }
            if (n == 0) {
                return Step.READ;
            }
            chunk.flip();
            if (stream == null) {
                pending().add(chunk); // a blocking application runs with its body complete
                return Step.PAUSE;
            }
            if (!stream.offer(chunk)) {
                return Step.PAUSE;
            }
        }
    }

    /**
     * Answers in clear text on the TLS port (plain HTTP, as nginx answers it; a bad PROXY
     * header) and closes lingering.
     */
    private Step answerInClear(int status, String detail) {
        ServerLog.ERROR.warn("Invalid request from ip={}: {}", info.remoteHost(), detail);
        ByteWriter out = headOut();
        out.clear();
        ErrorResponse.render(engine.encoder(), out, HttpVersion.HTTP_1_1, status, detail);
        try {
            transport.write(out.asBuffer());
        } catch (IOException e) {
            return abortNow();
        }
        clearText = true;
        return lingerClose(true);
    }

    /**
     * Sends {@code close_notify} when a TLS session was set up, or the alert of a handshake
     * that failed (protocol version, client certificate, ALPN), before the socket closes.
     */
    private void closeTls() {
        if (tls != null && !clearText && (tls.isHandshakeComplete() || tls.codec().state() == TlsCodec.State.FAILED)) {
            tls.close();
        }
    }

    /** Writes through TLS when the connection speaks it. */
    private void send(ByteBuffer... buffers) throws IOException {
        if (tls != null) {
            tls.outbound().write(buffers);
        } else {
            transport.write(buffers);
        }
    }

    /** Moves input kept from a request that ran off the loop back into {@link #in}. */
    private void refillFromPending() {
        ByteBuffer next = pending.peek();
        input().compact();
        int n = Math.min(in.remaining(), next.remaining());
        in.put(in.position(), next, next.position(), n);
        in.position(in.position() + n);
        next.position(next.position() + n);
        in.flip();
        if (!next.hasRemaining()) {
            pending.poll();
        }
    }

    private Step rejectHead(ParseError error) {
        engine.metrics().parseError(error.kind()); // metrics (issue 15)
        ServerLog.ERROR.warn("Invalid request from ip={}: {}", info.remoteHost(), error.message());
        ByteWriter out = headOut();
        out.clear();
        ErrorResponse.render(engine.encoder(), out, HttpVersion.HTTP_1_1, error.status(),
                error.safeToEcho() ? error.message() : null);
        try {
            send(out.asBuffer());
        } catch (IOException e) {
            return abortNow();
        }
        return lingerClose(true);
    }

    /** On the request's thread, before the body's first read: ask the client for it. */
    private void sendContinue() {
        ServerResponse r = current;
        if (r != null && !r.isCommitted()) {
            try {
                send(ByteBuffer.wrap(CONTINUE));
            } catch (IOException e) {
                ServerLog.ERROR.debug("Could not send 100 Continue: {}", e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes once what was written is sent: the driver does it on {@link Step#CLOSE}. An
     * event loop may still be flushing; the deadline then bounds a client that stopped
     * reading.
     */
    private Step close() {
        closeTls();
        deadline = nextDeadline(engine.nanoTime() + engine.stallNanos());
        phase = Phase.CLOSED;
        return Step.CLOSE;
    }

    private Step abortNow() {
        close();
        transport.close();
        return Step.CLOSE;
    }

    /** Closes after the response; lingers first when the client may still be sending. */
    private Step lingerClose(boolean unread) {
        if (!unread) {
            return close();
        }
        closeTls();
        try {
            transport.shutdownOutput();
        } catch (IOException e) {
            return abortNow();
        }
        pending = null;
        lingered = 0;
        enter(Phase.LINGER, LINGER_NANOS);
        return Step.READ;
    }

    private Step lingerRead(int count) {
        if (count < 0) {
            return close();
        }
        lingered += count;
        return lingered >= LINGER_LIMIT ? close() : Step.READ;
    }

    /**
     * Closes now, whatever the connection is doing: the end of the grace period, or INT.
     * Any thread. The socket closes first, so that an interrupted application cannot send
     * anything more; then the application is interrupted.
     */
    void abort() {
        deadline = NEVER;
        phase = Phase.CLOSED;
        transport.close();
        StreamingBody stream = streaming;
        if (stream != null) {
            stream.abort();
        }
        appCall.interrupt();
    }

    // ------------------------------------------------------------------ deadlines and drain

    private void enterIdle() {
        long wait = first ? engine.headerTimeoutNanos() : engine.keepAliveNanos();
        long at;
        if (first || wait <= IDLE_TRIM_NANOS) {
            at = wait >= NEVER ? NEVER : nextDeadline(engine.nanoTime() + wait);
        } else {
            // The keep-alive deadline starts with the trim (see the class comment).
            at = nextDeadline(engine.nanoTime() + IDLE_TRIM_NANOS);
            trimDeadline = at;
        }
        if (!first) {
            keepAliveDeadline = at;
        }
        if (moveDeadline(at)) {
            phase = Phase.IDLE;
        }
        if (engine.isDraining()) {
            onDrain(); // the next request is answered with Connection: close
        }
    }

    /**
     * Gives up the buffers of a connection that idled {@link #IDLE_TRIM_NANOS} and moves its
     * deadline on to the end of {@code keepalive}; on the connection's thread, or on the
     * watchdog's: a blocking driver's thread may be anywhere, so the buffers go only while it
     * waits in its idle read (not with TLS, nor once bytes arrived; if it answered a request
     * since the watchdog looked and waits again, they go as safely), and the deadline moves
     * only from {@code due} (not if the thread, or a drain, moved it).
     *
     * @param due the trim deadline that passed
     */
    private void trimIdle(long due) {
        boolean trim = !pull || IDLE_READ_STATE.compareAndSet(this, WAITING, TRIMMING);
        if (trim) {
            RequestParser p = parser;
            if (p != null && p.releaseBuffers()) {
                parser = null; // no byte of a next head: a new parser when one arrives
            }
            headOut = null;
            spareChunk = null;
            if (pending != null && pending.isEmpty()) {
                pending = null;
            }
        }
        long keepAlive = engine.keepAliveNanos();
        long next = keepAlive >= NEVER ? NEVER : due - IDLE_TRIM_NANOS + keepAlive;
        keepAliveDeadline = next;
        claim(due, next);
        if (trim && pull) {
            IDLE_READ_STATE.setRelease(this, BUSY);
        }
    }

    private void enter(Phase p, long nanos) {
        if (moveDeadline(nanos >= NEVER ? NEVER : engine.nanoTime() + nanos)) {
            phase = p;
        }
    }

    /**
     * Moves the deadline on, on the connection's thread, unless the watchdog claimed it to
     * close the connection ({@link #EXPIRED}). A compare-and-set costs what the volatile
     * store it replaces costs (one locked instruction on x86).
     *
     * @return false if the watchdog closed the connection
     */
    private boolean moveDeadline(long at) {
        long d;
        do {
            d = deadline;
            if (d == EXPIRED) {
                return false;
            }
        } while (!DEADLINE.compareAndSet(this, d, at == d && at < NEVER ? at + 1 : at));
        return true;
    }

    /**
     * Returns {@code at}, or the nanosecond after it if that is the deadline it replaces, so
     * that the watchdog's compare-and-set from a deadline it read fails once the connection
     * moved on (a clock can return the same value twice; the tests' clock does). The
     * watchdog never finds {@link #NEVER} passed, so it needs no such care.
     */
    private long nextDeadline(long at) {
        return at == deadline && at < NEVER ? at + 1 : at;
    }

    @Override
    public long deadline() {
        return deadline;
    }


    /**
     * Acts on a passed deadline; watchdog thread. The phase is read before the deadline: a
     * transition writes its deadline first, so a phase read here goes with {@code due} or
     * with a later deadline, which the check below then finds.
     */
    @Override
    public void expire(long due) {
        Phase p = phase;
        if (deadline != due) {
            return; // the connection moved on since the watchdog looked
        }
        if (p == Phase.APP) {
            timeoutRunningRequest(due);
        } else {
            transport.runExpiry(() -> expireOnConnectionThread(due));
        }
    }

    /**
     * Claims the passed deadline {@code due} for the watchdog: true if it was still the
     * connection's, which then takes no other transition's deadline from under it.
     */
    private boolean claim(long due, long next) {
        return DEADLINE.compareAndSet(this, due, next == due ? next + 1 : next);
    }

    /**
     * A deadline passed while no request ran: on the connection's thread, or on the
     * watchdog's for a blocking driver, whose thread may meanwhile take its next request;
     * what closes claims {@code due} first.
     */
    private Step expireOnConnectionThread(long due) {
        long now = engine.nanoTime();
        if (deadline != due) {
            return null; // the connection moved on since the watchdog looked
        }
        if (due == trimDeadline && phase == Phase.IDLE) {
            trimIdle(due);
            return null;
        }
        long progress = transport.queuedOutputProgress();
        if (progress >= 0 && phase != Phase.BODY && phase != Phase.HEAD) {
            // A response still flows to a slow reader: wait as long as it makes progress.
            if (progress != flushedAtLastDeadline) {
                flushedAtLastDeadline = progress;
                deadline = now + engine.stallNanos();
                return null;
            }
            phase = Phase.CLOSED;
            transport.close();
            return Step.CLOSE;
        }
        return switch (phase) {
            case BODY -> timeoutBeforeApplication();
            case APP -> null;
            case CLOSED -> {
                if (!claim(due, pull ? EXPIRED : NEVER)) {
                    yield null;
                }
                transport.close();
                yield Step.CLOSE;
            }
            default -> {
                if (!claim(due, pull ? EXPIRED : NEVER)) {
                    yield null;
                }
                if (pull) {
                    // Watchdog thread: the deadline stays EXPIRED, so that the connection's
                    // thread, if the next request's bytes just reached it, does not start it.
                    closeTls();
                    phase = Phase.CLOSED;
                    yield Step.CLOSE; // runExpiry closes the socket, waking the thread
                }
                yield close();
            }
        };
    }

    /**
     * The request ran past its deadline; watchdog thread, once per exchange: log it, answer
     * 503 if nothing was sent, stop its body, interrupt its thread. A blocking request's
     * socket closes now (waking it from any read or write); an event loop's connection
     * closes when the request returns.
     */
    private void timeoutRunningRequest(long due) {
        ServerResponse r = current;
        // An interrupted request has a second to return; an event loop that runs it inline
        // counts as stuck after that (its heartbeat stops). The claim fails if the request
        // wrote (progress), ended or was followed by another since the watchdog looked; a
        // request whose response is not yet made (null) is looked at again at the next scan.
        if (r == null || r == expired || !claim(due, engine.nanoTime() + TIMED_OUT_ALLOWANCE_NANOS)) {
            return;
        }
        expired = r;
        Thread thread = appCall.thread();
        if (discarding) {
            ServerLog.ERROR.debug("Closing the connection from {}: its unread request body did not arrive in time",
                    info.remoteHost());
        } else {
            ServerLog.ERROR.error("Request timed out after {} s (pid:{}), closing its connection from {}; it was at:{}",
                    engine.requestTimeoutSeconds(), ProcessHandle.current().pid(), info.remoteHost(),
                    StackDump.of(thread));
            engine.requestTimedOut();
        }
        if (r.claimForTimeout()) {
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
        if (pull) {
            phase = Phase.CLOSED;
            transport.close();
        }
        appCall.interrupt();
    }

    /** The request ran out of time while its body was still arriving (event loops). */
    private Step timeoutBeforeApplication() {
        ServerLog.ERROR.error("Request timed out after {} s (pid:{}), closing its connection from {} (its body had not arrived)",
                engine.requestTimeoutSeconds(), ProcessHandle.current().pid(), info.remoteHost());
        engine.requestTimedOut();
        engine.spendBudget();
        prepare(buffered, NO_INPUT, IN_MEMORY, false);
        ServerResponse response = current;
        response.claimForTimeout();
        try {
            response.writeTimeoutResponse(timeoutDetail());
        } catch (IOException e) {
            ServerLog.ERROR.debug("Could not send the timeout response: {}", e.toString());
        }
        engine.dispatcher().logUnanswered(request, response, engine.nanoTime() - requestStart);
        current = null;
        request = null;
        buffered = null;
        return close();
    }

    private String timeoutDetail() {
        return "the request exceeded the " + engine.requestTimeoutSeconds() + " s timeout";
    }

    /** Tells whether the connection waits for its client's next request; any thread, for metrics (issue 15). */
    boolean idleBetweenRequests() {
        return phase == Phase.IDLE && !first;
    }

    /**
     * The worker started draining: an idle keep-alive connection waits for its client's next
     * request, which is answered with {@code Connection: close}. Any thread. It takes the
     * deadline only from the keep-alive wait it belongs to: a request that arrives meanwhile
     * has moved the deadline (its phase follows), and keeps its timeout.
     */
    void onDrain() {
        long idle = keepAliveDeadline;
        if (idle != 0 && phase == Phase.IDLE) {
            DEADLINE.compareAndSet(this, idle, NEVER);
        }
    }

    // ------------------------------------------------------------------ ResponseContext

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        send(buffers);
    }

    @Override
    public void writeLast(ByteBuffer... buffers) throws IOException {
        if (tls != null) {
            tls.outbound().writeLast(buffers);
        } else {
            transport.write(buffers);
        }
    }

    @Override
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        if (tls != null) {
            tls.outbound().transferFrom(file, position, count); // no sendfile through TLS: a copy
        } else {
            transport.transferFrom(file, position, count);
        }
    }

    @Override
    public ResponseHeadEncoder encoder() {
        return engine.encoder();
    }

    @Override
    public ByteWriter headOut() {
        ByteWriter w = headOut;
        if (w == null) {
            w = new ByteWriter(512);
            headOut = w;
        }
        return w;
    }

    @Override
    public boolean mayKeepAlive() {
        return engine.mayKeepAlive();
    }

    @Override
    public boolean sendfile() {
        return engine.settings().sendfile() && tls == null;
    }

    @Override
    public int bufferSize() {
        return engine.settings().bufferSize();
    }

    @Override
    public ByteBuffer takeBodyBuffer() {
        return engine.bodyBuffers().take();
    }

    @Override
    public void giveBodyBuffer(ByteBuffer buffer) {
        engine.bodyBuffers().give(buffer);
    }

    @Override
    public void progress() {
        if (engine.progressRestartsTimeout() && !discarding && current != expired) {
            deadline = nextDeadline(engine.nanoTime() + engine.requestTimeoutNanos());
        }
    }
}
