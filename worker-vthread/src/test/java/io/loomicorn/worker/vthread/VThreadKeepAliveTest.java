package io.loomicorn.worker.vthread;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.config.Setting;
import io.loomicorn.config.Settings;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.InProcessWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept-alive connections of the vthread worker, over real sockets, with its readiness
 * poller ({@code vthread_readiness_poller}, which a connection meets after its first
 * response) and without: bytes that wait in the socket while the connection's thread is
 * busy (pipelined requests, a body the application reads late) are served, a response
 * the socket cannot take at once arrives whole, and an idle connection is closed when its
 * keep-alive time ends. With the poller, an idle kept-alive connection holds no thread: the
 * tests wait for the thread of its last request to end ({@link Thread#join()}; a thread that
 * never ends fails by the class's timeout), then check what must still hold.
 */
@Timeout(120)
class VThreadKeepAliveTest {

    /**
     * For tests whose connections idle between requests (each gap outlasts the 250 ms trim):
     * a keep-alive that no gap reaches on a loaded machine, where the default 2 s can.
     */
    private static Config longKeepAlive() {
        return Config.defaults().with(Settings.KEEPALIVE, 120);
    }


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

    @Test
    void anIdleConnectionHoldsNoThreadAndItsNextRequestRunsOnANewOne() throws Exception {
        BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        App app = (q, r) -> {
            threads.add(Thread.currentThread());
            r.send(q.path());
        };
        try (InProcessWorker w = start(app, longKeepAlive(), true);
             HttpTestClient c = w.client()) {
            Thread previous = null;
            for (String path : new String[] {"/a", "/b", "/c"}) {
                assertThat(c.exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo(path);
                Thread thread = threads.take();
                assertThat(thread).isNotSameAs(previous).matches(Thread::isVirtual);
                thread.join(); // the connection idles without it
                previous = thread;
            }
            assertThat(w.engine().openConnections()).isEqualTo(1);
        }
    }

    @Test
    void anIdleConnectionKeepsItsWorkerConnectionsSlotUntilItsClientCloses() throws Exception {
        BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        App app = (q, r) -> {
            threads.add(Thread.currentThread());
            r.send("ok");
        };
        try (InProcessWorker w = start(app, longKeepAlive().with(Settings.WORKER_CONNECTIONS, 1), true)) {
            VThreadWorker worker = (VThreadWorker) w.worker;
            try (HttpTestClient idle = w.client()) {
                assertThat(idle.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("ok");
                threads.take().join();
                assertThat(worker.freeSlots()).as("free slots while the connection idles").isZero();
                assertThat(idle.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("ok");
                threads.take().join();
            }
            awaitNoConnection(w); // the poller resumed the closed connection, which ended
            assertThat(worker.freeSlots()).isEqualTo(1);
            try (HttpTestClient next = w.client()) {
                assertThat(next.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("ok");
            }
        }
    }

    @Test
    void anIdleConnectionWithoutAThreadIsClosedWhenItsKeepAliveEndsAndGivesItsSlotBack() throws Exception {
        BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        App app = (q, r) -> {
            threads.add(Thread.currentThread());
            r.send("ok");
        };
        Config config = Config.defaults().with(Settings.KEEPALIVE, 1).with(Settings.WORKER_CONNECTIONS, 1);
        try (InProcessWorker w = start(app, config, true);
             HttpTestClient c = w.client()) {
            assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("ok");
            threads.take().join();
            assertThat(c.isClosedByServer()).isTrue();
            awaitNoConnection(w);
            assertThat(((VThreadWorker) w.worker).freeSlots()).isEqualTo(1);
        }
    }

    @Test
    void aDrainAnswersAnIdleConnectionsNextRequestWithCloseAndItsGraceEndClosesTheOthers() throws Exception {
        BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        App app = (q, r) -> {
            threads.add(Thread.currentThread());
            r.send(q.path());
        };
        try (InProcessWorker w = start(app, longKeepAlive(), true);
             HttpTestClient asks = w.client();
             HttpTestClient waits = w.client()) {
            assertThat(asks.exchange("GET /one HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("/one");
            threads.take().join();
            assertThat(waits.exchange("GET /one HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("/one");
            threads.take().join();
            w.shutdown(Duration.ofMinutes(5));
            while (!w.engine().isDraining()) {
                Thread.sleep(5);
            }
            var last = asks.exchange("GET /last HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(last.text()).isEqualTo("/last");
            assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(asks.isClosedByServer()).isTrue();
            w.shutdown(Duration.ZERO); // the grace period ends
            assertThat(waits.isClosedByServer()).isTrue();
            assertThat(w.awaitStopped(Duration.ofSeconds(60))).isTrue();
            assertThat(w.engine().openConnections()).isZero();
        }
    }

    /** Waits until the worker's engine counts no open connection. */
    private static void awaitNoConnection(InProcessWorker w) throws InterruptedException {
        while (w.engine().openConnections() > 0) {
            Thread.sleep(5);
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
