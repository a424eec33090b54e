package io.loomicorn.engine;

import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.WorkerInfo;
import io.loomicorn.logging.AccessLog;
import io.loomicorn.spi.Connection;
import io.loomicorn.spi.EngineOptions;
import io.loomicorn.spi.Listener;
import io.loomicorn.spi.Transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Runs a few requests through the engine in memory, without a socket and without the
 * user's application, on both kinds of connection (blocking and event loop): the worker
 * does it at boot, on one thread, so that the request path's classes are initialised before
 * any virtual thread could wait for them, and the AOT cache's training run caches them.
 */
public final class EngineWarmup {

    private static final byte[] REQUESTS = ("GET /warmup?x=1 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: warmup\r\n"
            + "Accept: */*\r\nX-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\n\r\n"
            + "POST /warmup HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n"
            + "PUT /warmup HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello"
            + "GET /last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    private static final HttpEngine.WorkerLink NO_WORKER = new HttpEngine.WorkerLink() {
        @Override
        public void beat() {
        }

        @Override
        public void retire(String reason) {
        }
    };

    private EngineWarmup() {
    }

    /**
     * Parses and answers a few requests in memory: enough to load and initialise the
     * request path's classes, not to compile it.
     *
     * @param settings the engine settings
     */
    public static void run(EngineSettings settings) {
        HttpEngine.Served served = new HttpEngine.Served((request, response) -> {
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
        }, new Hooks() {
        }, new WorkerInfo(0, 0, "warmup", 0), AccessLog.NONE);
        // A loopback peer under the default proxy settings (trusted, so that the trusted path is
        // warm too; and not the user's, whose root_path the warm-up paths would miss).
        InetSocketAddress address = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 40000);
        EngineSettings warm = settings.withProxy(io.loomicorn.proxy.ProxySettings.defaults());
        Listener listener = new Listener(null, address);
        for (EngineOptions options : new EngineOptions[] {EngineOptions.blocking(), EngineOptions.eventLoop()}) {
            HttpEngine engine = new HttpEngine(warm, options, served, NO_WORKER);
            for (int round = 0; round < 2; round++) {
                MemoryTransport transport = new MemoryTransport();
                Connection c = engine.open(transport, address, address, listener);
                try {
                    for (Connection.Step step = c.start(); step == Connection.Step.READ || step == Connection.Step.DISPATCH; ) {
                        if (step == Connection.Step.READ) {
                            step = c.received(transport.read(c.readBuffer()));
                        } else {
                            c.dispatch();
                            step = c.exchangeDone();
                        }
                    }
                } finally {
                    engine.closed(c);
                }
            }
        }
    }

    /** Reads {@link #REQUESTS}, then the end of the stream; drops what is written. */
    private static final class MemoryTransport implements Transport {

        private final ByteBuffer input = ByteBuffer.wrap(REQUESTS);

        @Override
        public int read(ByteBuffer dst) {
            if (!input.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), input.remaining());
            dst.put(dst.position(), input, input.position(), n);
            dst.position(dst.position() + n);
            input.position(input.position() + n);
            return n;
        }

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

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void close() {
        }
    }
}
