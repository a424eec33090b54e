package io.loomicorn.engine;

import io.loomicorn.app.App;
import io.loomicorn.worker.HooksLoader;
import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.DateCache;
import io.loomicorn.http.codec.ResponseHeadEncoder;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.hooks.WorkerInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Runs one request through the engine in memory and captures every byte of the answer. */
final class ExchangeFixture implements ResponseContext {

    final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    int writes;
    ServerRequest request;
    ServerResponse response;
    int continues;
    private boolean mayKeepAlive;
    private final ResponseHeadEncoder encoder = new ResponseHeadEncoder("loomicorn", new DateCache());
    private final ByteWriter headOut = new ByteWriter(64);

    /** Parses {@code raw}, runs {@code app} through a real {@link Dispatcher}, returns this fixture. */
    static ExchangeFixture run(String raw, App app) {
        return run(raw, app, true);
    }

    static ExchangeFixture run(String raw, App app, boolean mayKeepAlive) {
        ExchangeFixture f = prepare(raw, mayKeepAlive);
        new Dispatcher(app, HooksLoader.NONE, new WorkerInfo(1, 1, "test", 0), AccessLog.NONE, () -> { })
                .dispatch(f.request, f.response);
        return f;
    }

    /** Parses {@code raw} and creates the request and response, without running anything. */
    static ExchangeFixture prepare(String raw, boolean mayKeepAlive) {
        ConnectionInfo info = new ConnectionInfo(new InetSocketAddress("127.0.0.1", 40000),
                new InetSocketAddress("127.0.0.1", 8000), new InetSocketAddress("127.0.0.1", 8000));
        return prepare(raw, mayKeepAlive, info, ParserConfig.defaults());
    }

    /** Like {@link #run(String, App)}, on a connection of the caller's, with its parser settings. */
    static ExchangeFixture run(String raw, App app, ConnectionInfo info, ParserConfig config) {
        ExchangeFixture f = prepare(raw, true, info, config);
        new Dispatcher(app, HooksLoader.NONE, new WorkerInfo(1, 1, "test", 0), AccessLog.NONE, () -> { })
                .dispatch(f.request, f.response);
        return f;
    }

    static ExchangeFixture prepare(String raw, boolean mayKeepAlive, ConnectionInfo info, ParserConfig config) {
        ExchangeFixture f = new ExchangeFixture();
        RequestParser parser = new RequestParser(config);
        ByteBuffer in = ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1));
        if (parser.parse(in) != RequestParser.Status.COMPLETE) {
            throw new AssertionError("the fixture's request does not parse: " + parser.error().message());
        }
        f.request = ServerRequest.create(parser.head(), info, parser.body(), in, buffer -> false,
                parser.head().expectContinue() ? () -> f.continues++ : null);
        f.mayKeepAlive = mayKeepAlive;
        f.response = new ServerResponse(f.request, f);
        return f;
    }

    String text() {
        return wire.toString(StandardCharsets.ISO_8859_1);
    }

    String head() {
        String t = text();
        int end = t.indexOf("\r\n\r\n");
        return end < 0 ? t : t.substring(0, end + 2);
    }

    String body() {
        String t = text();
        int end = t.indexOf("\r\n\r\n");
        return end < 0 ? "" : t.substring(end + 4);
    }

    @Override
    public void write(ByteBuffer... buffers) {
        writes++;
        for (ByteBuffer b : buffers) {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            wire.writeBytes(bytes);
        }
    }

    @Override
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) count);
        file.read(b, position);
        b.flip();
        write(b);
    }

    @Override
    public ResponseHeadEncoder encoder() {
        return encoder;
    }

    @Override
    public ByteWriter headOut() {
        return headOut;
    }

    @Override
    public boolean mayKeepAlive() {
        return mayKeepAlive;
    }

    @Override
    public boolean sendfile() {
        return true;
    }

    @Override
    public int bufferSize() {
        return 64;
    }

    @Override
    public void progress() {
    }

    /** Body buffers lent and not given back yet. */
    int bodyBuffersOut;

    @Override
    public ByteBuffer takeBodyBuffer() {
        bodyBuffersOut++;
        return ByteBuffer.allocateDirect(ServerResponse.GATHER_BYTES);
    }

    @Override
    public void giveBodyBuffer(ByteBuffer buffer) {
        bodyBuffersOut--;
    }
}
