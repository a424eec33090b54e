package io.loomicorn.worker.vthread;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.config.Setting;
import io.loomicorn.config.Settings;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.InProcessWorker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept-alive connections of the vthread worker, over real sockets, with its readiness
 * poller ({@code vthread_readiness_poller}, which a connection meets after its first
 * response) and without: bytes that wait in the socket while the connection's thread is
 * busy (pipelined requests, a body the application reads late) are served, a response
 * the socket cannot take at once arrives whole, and an idle connection is closed when its
 * keep-alive time ends.
 */
@Timeout(120)
class VThreadKeepAliveTest {

    private static final WorkerFactory FACTORY = new VThreadWorkerFactory();

    static {
        // As a worker JVM does: the worker class's settings are declared before any Config is made.
        Settings.registerWorkerSettings(FACTORY.name(), FACTORY.settings());
    }

    @ParameterizedTest(name = "poller {0}")
    @ValueSource(booleans = {true, false})
    void pipelinedRequestsAndABodyReadLateAreServedInOrder(boolean poller) throws Exception {
        CountDownLatch bodySent = new CountDownLatch(1);
        App app = (q, r) -> {
            if (q.path().equals("/late")) {
                bodySent.await(); // the body is in the socket before the application reads it
            }
            r.send(q.path() + " read " + q.body().readAllBytes().length);
        };
        try (InProcessWorker w = start(app, Config.defaults(), poller);
             HttpTestClient c = w.client()) {
            assertThat(c.exchange("GET /first HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("/first read 0");
            c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("/a read 0");
            assertThat(c.read().text()).isEqualTo("/b read 5");
            assertThat(c.read().text()).isEqualTo("/c read 0");
            c.send("POST /late HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            bodySent.countDown();
            assertThat(c.read().text()).isEqualTo("/late read 3");
            assertThat(c.exchange("GET /last HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("/last read 0");
        }
    }

    @ParameterizedTest(name = "poller {0}")
    @ValueSource(booleans = {true, false})
    void aResponseLargerThanTheSocketBuffersArrivesWholeOnAKeptAliveConnection(boolean poller) throws Exception {
        byte[] large = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) ('a' + i % 23);
        }
        App app = (q, r) -> r.send(q.path().equals("/large") ? large : "small".getBytes());
        try (InProcessWorker w = start(app, Config.defaults(), poller);
             HttpTestClient c = w.client()) {
            for (int i = 0; i < 2; i++) {
                assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("small");
                c.send("GET /large HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(200); // the server's writes stop part way: the socket is full
                assertThat(c.read().body()).as("response %d", i).isEqualTo(large);
            }
        }
    }

    @ParameterizedTest(name = "poller {0}")
    @ValueSource(booleans = {true, false})
    void anIdleKeptAliveConnectionIsClosedWhenItsKeepAliveEnds(boolean poller) throws Exception {
        App app = (q, r) -> r.send("ok");
        try (InProcessWorker w = start(app, Config.defaults().with(Settings.KEEPALIVE, 1), poller);
             HttpTestClient c = w.client()) {
            assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("ok");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    /** Starts the worker class with the poller on or off. */
    @SuppressWarnings("unchecked")
    private static InProcessWorker start(App app, Config config, boolean poller) throws Exception {
        Setting<Boolean> setting = (Setting<Boolean>) Settings.byName(VThreadWorkerFactory.READINESS_POLLER.name())
                .orElseThrow();
        return InProcessWorker.start(FACTORY, app, config.with(setting, poller));
    }
}
