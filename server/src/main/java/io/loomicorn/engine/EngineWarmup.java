package io.loomicorn.engine;

import io.loomicorn.worker.HooksLoader;
import io.loomicorn.http.codec.ByteWriter;
import io.loomicorn.http.codec.DateCache;
import io.loomicorn.http.codec.ResponseHeadEncoder;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.hooks.WorkerInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Runs a few requests through the engine in memory, without a socket and without the
 * user's application: the training run of the AOT cache uses it so that the engine's
 * request path is in the cache too.
 */
public final class EngineWarmup {

    private static final String REQUESTS = "GET /warmup?x=1 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: warmup\r\n"
            + "Accept: */*\r\nX-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\n\r\n"
            + "POST /warmup HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n"
            + "PUT /warmup HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello";

    private EngineWarmup() {
    }

    /**
     * Parses and answers a few requests in memory: enough to load and initialise the
     * request path's classes, not to compile it.
     *
     * @param settings the engine settings
     */
    public static void run(EngineSettings settings) {
        Dispatcher dispatcher = new Dispatcher((request, response) -> {
            request.body().readAllBytes();
            if (request.method().equals("GET")) {
                response.send("warm");
            } else {
                try (OutputStream out = response.body()) {
                    out.write("warm".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    out.write('!');
                }
            }
        }, HooksLoader.NONE, new WorkerInfo(0, 0, "warmup", 0), AccessLog.NONE, () -> { });
        ResponseHeadEncoder encoder = new ResponseHeadEncoder(settings.serverHeader(), new DateCache());
        ResponseChannel sink = new ResponseChannel() {
            @Override
            public void write(ByteBuffer... buffers) {
                for (ByteBuffer b : buffers) {
                    b.position(b.limit());
                }
            }

            @Override
            public void transferFrom(FileChannel file, long position, long count) throws IOException {
                throw new IOException("no files in a warm-up");
            }
        };
        // A loopback peer under the default proxy settings (not the user's: no root_path to miss),
        // so that the trusted proxy path is trained too.
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8000);
        ConnectionInfo info = new ConnectionInfo(loopback, loopback, loopback);
        ByteWriter headOut = new ByteWriter(512);
        for (int round = 0; round < 2; round++) {
            RequestParser parser = new RequestParser(settings.parser());
            ByteBuffer in = ByteBuffer.wrap(REQUESTS.getBytes(StandardCharsets.ISO_8859_1));
            while (parser.parse(in) == RequestParser.Status.COMPLETE) {
                ServerRequest request = ServerRequest.create(parser.head(), info, parser.body(), in,
                        buffer -> false, null);
                ServerResponse response = new ServerResponse(request, sink, encoder, headOut, () -> true,
                        settings.sendfile(), settings.bufferSize());
                dispatcher.dispatch(request, response);
                parser.reset();
            }
        }
    }
}
