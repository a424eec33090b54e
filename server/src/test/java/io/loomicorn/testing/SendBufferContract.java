package io.loomicorn.testing;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.spi.WorkerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Response.send(ByteBuffer)} on one worker class, over a real loopback socket: each
 * worker module runs these checks by naming its factory. The bodies are larger than every
 * buffer between the application and the socket (the 256 KiB body buffer, the reactor's
 * 64 KiB queue, the socket's send buffer), and the client waits before it reads, so that
 * the server's writes stop part way and the transport has to wait or queue.
 */
public abstract class SendBufferContract {

    /** 3 MiB and a few bytes: no buffer on the way holds it all. */
    private static final int LARGE = 3 * 1024 * 1024 + 7;

    /** Returns the worker class under test. */
    protected abstract WorkerFactory factory();

    @Test
    void aDirectBufferLargerThanTheServersBuffersArrivesWhole() throws Exception {
        ByteBuffer shared = pattern(ByteBuffer.allocateDirect(LARGE)).asReadOnlyBuffer();
        App app = (q, r) -> r.send(shared);
        try (InProcessWorker w = start(app)) {
            for (int i = 0; i < 2; i++) {
                try (HttpTestClient c = w.client()) {
                    c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    Thread.sleep(200);
                    HttpResponse r = c.read();
                    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(LARGE));
                    assertThat(r.body()).as("response %d", i).isEqualTo(bytes(shared));
                }
            }
            assertThat(shared.position()).as("the server left the caller's position alone").isZero();
            assertThat(w.awaitLogged(2)).extracting(InProcessWorker.Logged::bodyBytes)
                    .containsExactly((long) LARGE, (long) LARGE);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBufferChangedAfterSendReturnsWasSentAsItWasDuringTheCall(boolean direct) throws Exception {
        ByteBuffer reused = direct ? ByteBuffer.allocateDirect(LARGE) : ByteBuffer.allocate(LARGE);
        App app = (q, r) -> {
            byte fill = (byte) q.query().charAt(0);
            for (int i = 0; i < LARGE; i++) {
                reused.put(i, fill);
            }
            r.send(reused);
            for (int i = 0; i < LARGE; i++) {
                reused.put(i, (byte) '#');
            }
        };
        try (InProcessWorker w = start(app)) {
            int answered = 0;
            for (char fill : new char[] {'a', 'b'}) {
                // The previous request's application may still be overwriting the buffer after
                // its send returned, on another carrier (vthread): let it finish first.
                assertThat(w.awaitLogged(answered)).hasSize(answered++);
                try (HttpTestClient c = w.client()) {
                    c.send("GET /?" + fill + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    Thread.sleep(200);
                    byte[] body = c.read().body();
                    assertThat(body).hasSize(LARGE);
                    for (int i = 0; i < LARGE; i++) {
                        if (body[i] != fill) {
                            throw new AssertionError("byte " + i + " of the response for " + fill + " was " + (char) body[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void headGetsTheLengthOfTheBufferAndNoBody() throws Exception {
        ByteBuffer shared = pattern(ByteBuffer.allocateDirect(LARGE)).asReadOnlyBuffer();
        App app = (q, r) -> r.send(shared);
        try (InProcessWorker w = start(app);
             HttpTestClient c = w.client()) {
            HttpResponse r = c.send("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readHead();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(LARGE));
            assertThat(c.readToEnd()).isEmpty();
        }
    }

    /** Starts the worker class as a worker JVM would: its own settings declared first. */
    private InProcessWorker start(App app) throws Exception {
        WorkerFactory factory = factory();
        Settings.registerWorkerSettings(factory.name(), factory.settings());
        return InProcessWorker.start(factory, app, Config.defaults());
    }

    private static ByteBuffer pattern(ByteBuffer b) {
        for (int i = 0; b.hasRemaining(); i++) {
            b.put((byte) ('a' + i % 23));
        }
        return b.flip();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(b.position(), out);
        return out;
    }
}
