package io.loomicorn.engine;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.examples.DemoApp;
import io.loomicorn.testing.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of the connection machine ({@code docs/architecture.md}, "Connection rules"),
 * walked in memory with {@link MachineHarness}: scripted bytes, a hand-driven clock, both
 * kinds of driver. The end-to-end suite then runs the same rules over real sockets on every
 * worker class.
 */
class ConnectionMachineTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final Config DEFAULTS = Config.defaults();
    private static final App HELLO = (req, resp) -> resp.send("hi");

    /** Reads the whole body and answers with its length. */
    private static final App COUNT = (req, resp) -> resp.send("read " + req.body().readAllBytes().length);

    /** Answers without reading the body. */
    private static final App IGNORE_BODY = (req, resp) -> resp.send("ignored");

    @Nested
    class Framing {

        @Test
        void aContentLengthBodyEndsExactlyWhereTheNextRequestStarts() throws Exception {
            MachineHarness h = MachineHarness.blocking(COUNT, DEFAULTS)
                    .send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + GET);
            List<HttpResponse> r = h.responses();
            assertThat(r).extracting(HttpResponse::text).containsExactly("read 5", "read 0");
            assertThat(h.transport.closed).isFalse();
        }

        @Test
        void aChunkedBodyIsDecodedAndItsTrailersAreKept() throws Exception {
            AtomicReference<String> trailer = new AtomicReference<>();
            App app = (req, resp) -> {
                byte[] b = req.body().readAllBytes();
                trailer.set(req.trailers().first("X-Sum"));
                resp.send(new String(b));
            };
            MachineHarness h = MachineHarness.eventLoop(app, DEFAULTS).send("POST / HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nX-Sum: 5\r\n\r\n");
            assertThat(h.response().text()).isEqualTo("abcde");
            assertThat(trailer.get()).isEqualTo("5");
        }

        @Test
        void pipelinedRequestsInOneReadAreAnsweredInOrder() throws Exception {
            App echo = (req, resp) -> resp.send(req.path());
            for (MachineHarness h : both(echo, DEFAULTS)) {
                h.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(h.responses()).extracting(HttpResponse::text).containsExactly("/1", "/2", "/3");
            }
        }

        @Test
        void aHeadSplitAcrossReadsIsParsedWhenItCompletes() throws Exception {
            MachineHarness h = MachineHarness.eventLoop(HELLO, DEFAULTS).send("GET / HT").send("TP/1.1\r\nHo").send("st: x\r\n\r\n");
            assertThat(h.response().status()).isEqualTo(200);
        }
    }

    @Nested
    class KeepAlive {

        @Test
        void anIdleConnectionGivesItsInputBufferBackAndServesTheNextRequest() throws Exception {
            App echo = (req, resp) -> resp.send(req.path());
            MachineHarness loop = MachineHarness.eventLoop(echo, DEFAULTS).send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(loop.response().text()).isEqualTo("/1");
            assertThat(loop.engine.inputBuffers().spare()).as("the idle connection holds no input buffer").isEqualTo(1);
            loop.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHo").send("st: x\r\n\r\n");
            assertThat(loop.responses()).extracting(HttpResponse::text).containsExactly("/1", "/2", "/3");
            assertThat(loop.engine.inputBuffers().spare()).as("one buffer, reused").isEqualTo(1);
            String longHead = "GET /c HTTP/1.1\r\nHost: x\r\nX-Long: " + "y".repeat(3 * Http1Connection.IDLE_READ) + "\r\n\r\n";
            for (MachineHarness h : both(echo, DEFAULTS)) {
                h.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(h.engine.inputBuffers().spare()).as("idle between requests").isEqualTo(1);
                h.send(longHead).send("GET /d HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(h.responses()).extracting(HttpResponse::text).containsExactly("/a", "/b", "/c", "/d");
                assertThat(h.transport.closed).isFalse();
            }
        }

        @Test
        void aBlockingConnectionIdlesInAReadBufferSizedToItsClientsRequestHeads() throws Exception {
            MachineHarness h = MachineHarness.blocking(HELLO, DEFAULTS).send(GET);
            assertThat(h.waitingRead().capacity()).as("after a short head").isEqualTo(Http1Connection.IDLE_READ_MIN);
            String longHead = "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + "y".repeat(400) + "\r\n\r\n";
            h.send(longHead);
            assertThat(h.waitingRead().capacity()).as("after a head that filled it").isEqualTo(2 * Http1Connection.IDLE_READ_MIN);
            h.send(longHead).send(longHead);
            assertThat(h.responses()).extracting(HttpResponse::status).containsExactly(200, 200, 200, 200);
            assertThat(h.waitingRead().capacity()).isEqualTo(Http1Connection.IDLE_READ);
        }

        @Test
        void theNextIdleReadHoldsTwiceWhatTheLastReceivedOrDoublesWhenFilled() {
            assertThat(Http1Connection.idleReadSize(40, 1024)).isEqualTo(128);
            assertThat(Http1Connection.idleReadSize(100, 1024)).isEqualTo(256);
            assertThat(Http1Connection.idleReadSize(300, 1024)).isEqualTo(1024);
            assertThat(Http1Connection.idleReadSize(1024, 1024)).isEqualTo(1024);
            assertThat(Http1Connection.idleReadSize(128, 128)).isEqualTo(256);
            assertThat(Http1Connection.idleReadSize(1, 256)).isEqualTo(128);
        }

        @Test
        void http11StaysOpenAndConnectionCloseCloses() throws Exception {
            for (MachineHarness h : both(HELLO, DEFAULTS)) {
                h.send(GET);
                assertThat(h.response().header("Connection")).isNull();
                assertThat(h.transport.closedByMachine).isFalse();
                h.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(h.responses().get(1).header("Connection")).isEqualTo("close");
                assertThat(h.transport.closedByMachine).isTrue();
            }
        }

        @Test
        void http10ClosesUnlessItAsksForKeepAlive() throws Exception {
            MachineHarness close = MachineHarness.blocking(HELLO, DEFAULTS).send("GET / HTTP/1.0\r\n\r\n");
            assertThat(close.transport.closedByMachine).isTrue();
            MachineHarness keep = MachineHarness.blocking(HELLO, DEFAULTS)
                    .send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(keep.response().header("Connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(keep.transport.closedByMachine).isFalse();
        }

        @Test
        void oneRequestPerConnectionSaysCloseEveryTime() throws Exception {
            MachineHarness h = MachineHarness.oneRequestPerConnection(HELLO, DEFAULTS).send(GET + GET);
            assertThat(h.response().header("Connection")).isEqualTo("close");
            assertThat(h.transport.outputShut).as("lingers: the second request is unread").isTrue();
            h.clientCloses();
            assertThat(h.transport.closedByMachine).isTrue();
            assertThat(h.responses()).hasSize(1);
        }

        @Test
        void aClientThatClosesBetweenRequestsIsClosedWithoutAnAnswer() throws Exception {
            MachineHarness h = MachineHarness.eventLoop(HELLO, DEFAULTS).send(GET).clientCloses();
            assertThat(h.responses()).hasSize(1);
            assertThat(h.transport.closedByMachine).isTrue();
        }
    }

    @Nested
    class IdleBuffers {

        /** Answers with the path, the length of X-Long and the last field's name. */
        private static final App ECHO = (req, resp) -> {
            String longValue = req.headers().first("X-Long");
            resp.send(req.path() + (longValue == null ? "" : " " + longValue.length() + " "
                    + req.headers().name(req.headers().size() - 1)));
        };

        @Test
        void aKeepAliveConnectionSilentForAQuarterSecondGivesUpItsBuffersAndServesTheNextRequest() throws Exception {
            StringBuilder fields = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                fields.append("F").append(i).append(": v\r\n");
            }
            String longHead = "GET /b HTTP/1.1\r\nHost: x\r\nX-Long: " + "y".repeat(5000) + "\r\n" + fields + "\r\n";
            for (MachineHarness h : both(ECHO, DEFAULTS)) {
                h.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
                int held = h.connection.trimmableBytes();
                assertThat(held).as("head buffer and head writer").isGreaterThanOrEqualTo(2048 + 512);
                h.advance(249).tick();
                assertThat(h.connection.trimmableBytes()).as("silent for 249 ms").isEqualTo(held);
                h.advance(2).tick();
                assertThat(h.connection.trimmableBytes()).as("silent for 251 ms").isZero();
                assertThat(h.connection.holdsParser()).as("the head parser goes with its buffers").isFalse();
                assertThat(h.transport.closed || h.transport.closedByMachine).isFalse();
                h.send(longHead).send("GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(h.responses()).extracting(HttpResponse::text).containsExactly("/a", "/b 5000 F19", "/c");
                assertThat(h.connection.trimmableBytes()).isPositive();
                assertThat(h.connection.holdsParser()).isTrue();
            }
        }

        @Test
        void aConnectionThatGaveUpItsParserParsesAHeadSplitAcrossReadsAndPipelinedHeads() throws Exception {
            for (MachineHarness h : both(ECHO, DEFAULTS)) {
                h.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").advance(251).tick();
                assertThat(h.connection.holdsParser()).isFalse();
                h.send("GET /b HT").send("TP/1.1\r\nHo").send("st: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(h.responses()).extracting(HttpResponse::text).containsExactly("/a", "/b", "/c");
                assertThat(h.transport.closed || h.transport.closedByMachine).isFalse();
            }
        }

        @Test
        void aConnectionWithPartOfAHeadKeepsItsParserUntilTheHeaderTimeout() throws Exception {
            for (MachineHarness h : both(ECHO, DEFAULTS)) {
                h.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").send("GET /b HT").advance(251).tick();
                assertThat(h.connection.holdsParser()).as("a head in progress is not idle").isTrue();
                h.send("TP/1.1\r\nHost: x\r\n\r\n");
                assertThat(h.responses()).extracting(HttpResponse::text).containsExactly("/a", "/b");
            }
        }

        @Test
        void aBusyConnectionKeepsItsBuffers() throws Exception {
            for (MachineHarness h : both(HELLO, DEFAULTS)) {
                h.send(GET);
                int held = h.connection.trimmableBytes();
                for (int i = 0; i < 5; i++) {
                    h.advance(200).tick().send(GET);
                    assertThat(h.connection.trimmableBytes()).isEqualTo(held);
                }
                assertThat(h.responses()).hasSize(6);
            }
        }

        @Test
        void keepaliveStillCountsFromTheLastResponse() throws Exception {
            for (MachineHarness h : both(HELLO, DEFAULTS)) {
                h.send(GET).advance(300).tick();
                assertThat(h.connection.trimmableBytes()).isZero();
                h.advance(1_699).tick();
                assertThat(h.transport.closedByMachine).isFalse();
                h.advance(2).tick();
                assertThat(h.transport.closedByMachine).as("2 s after the response").isTrue();
            }
        }

        @Test
        void aTrimmedConnectionOfADrainingWorkerWaitsForItsNextRequestAndAnswersItWithClose() throws Exception {
            for (MachineHarness h : both(HELLO, DEFAULTS)) {
                h.send(GET).advance(300).tick();
                assertThat(h.connection.trimmableBytes()).isZero();
                h.engine.drain();
                h.advance(3_600_000).tick();
                assertThat(h.transport.closedByMachine).as("no idle timer closes it while draining").isFalse();
                h.send(GET);
                assertThat(h.responses().get(1).header("Connection")).isEqualTo("close");
                assertThat(h.transport.closedByMachine).isTrue();
            }
        }

        @Test
        void aTrimDeadlineTheConnectionLeftWhileTheWatchdogLookedNeitherClosesNorMovesItsNewDeadline() throws Exception {
            for (MachineHarness h : both(HELLO, DEFAULTS)) {
                h.send(GET).advance(300);
                long trim = h.connection.deadline(); // the watchdog reads the passed trim deadline ...
                h.send(GET); // ... the next request is answered; a new trim deadline, 250 ms from now ...
                long next = h.connection.deadline();
                h.connection.expire(trim); // ... and the watchdog acts on what it read
                if (h.transport.expiry != null) {
                    throw new AssertionError("the stale deadline was acted on: " + h.transport.expiry);
                }
                assertThat(h.transport.closed || h.transport.closedByMachine).isFalse();
                assertThat(h.connection.deadline()).isEqualTo(next);
                h.advance(251).tick();
                assertThat(h.connection.trimmableBytes()).as("the new idle period is trimmed").isZero();
                h.advance(1_748).tick();
                assertThat(h.transport.closed || h.transport.closedByMachine).isFalse();
                h.advance(2).tick();
                assertThat(h.transport.closed || h.transport.closedByMachine).as("keepalive after the second response").isTrue();
                assertThat(h.responses()).hasSize(2);
            }
        }

        @Test
        void theWatchdogTrimsABlockingConnectionOnlyWhileItsThreadWaitsAndNeverUnderItsFeet() throws Exception {
            // The connection's thread and a watchdog thread race at every request: half the
            // time the request arrives while the watchdog may be trimming.
            App echo = (req, resp) -> resp.send(req.path());
            MachineHarness h = MachineHarness.blocking(echo, DEFAULTS);
            Http1Connection c = h.connection;
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread watchdog = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long due = c.deadline();
                    if (h.clock.get() - due > 0) {
                        c.expire(due);
                    }
                    Thread.onSpinWait();
                }
            });
            int requests = 1_000;
            int trimmedBeforeArrival = 0;
            try {
                for (int i = 0; i < requests; i++) {
                    java.nio.ByteBuffer in = c.readBuffer();
                    h.advance(300);
                    if (i % 2 == 0) {
                        long until = System.nanoTime() + 1_000_000_000L; // the volatile deadline() keeps the loop reading
                        while (c.deadline() != 0 && c.trimmableBytes() != 0 && System.nanoTime() - until < 0) {
                            Thread.onSpinWait();
                        }
                        trimmedBeforeArrival += c.trimmableBytes() == 0 ? 1 : 0;
                    }
                    byte[] request = ("GET /" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    in.put(request);
                    assertThat(c.received(request.length)).isEqualTo(io.loomicorn.spi.Connection.Step.DISPATCH);
                    c.dispatch();
                    assertThat(c.exchangeDone()).isEqualTo(io.loomicorn.spi.Connection.Step.READ);
                }
            } finally {
                stop.set(true);
                watchdog.join();
            }
            List<HttpResponse> responses = h.responses();
            assertThat(responses).hasSize(requests);
            for (int i = 0; i < requests; i++) {
                assertThat(responses.get(i).text()).isEqualTo("/" + i);
            }
            assertThat(trimmedBeforeArrival).as("the watchdog trimmed while the thread waited").isGreaterThan(requests / 4);
            assertThat(h.transport.closed).isFalse();
        }
    }

    @Nested
    class Continue {

        @Test
        void oneHundredContinueGoesOutOnlyWhenTheBodyIsFirstRead() throws Exception {
            String head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n";
            // A blocking driver: the client sent its body without waiting; the first read still answers.
            MachineHarness blocking = MachineHarness.blocking(COUNT, DEFAULTS).send(head + "abc");
            assertThat(blocking.output()).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200");
            // An event loop: the client waits; the request runs off the loop, and its first read asks.
            MachineHarness loop = MachineHarness.eventLoop(COUNT, DEFAULTS);
            Thread driver = Thread.ofVirtual().start(() -> loop.send(head));
            long giveUp = System.nanoTime() + 10_000_000_000L;
            while (!loop.output().contains("100 Continue") && System.nanoTime() < giveUp) {
                Thread.sleep(2);
            }
            assertThat(loop.output()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            loop.arrive("abc");
            driver.join(10_000);
            assertThat(loop.output()).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200");
            assertThat(loop.responses().getLast().text()).isEqualTo("read 3");
        }

        @Test
        void anApplicationThatAnswersWithoutReadingNeverAsksAndClosesTheAmbiguousConnection() throws Exception {
            MachineHarness h = MachineHarness.blocking(IGNORE_BODY, DEFAULTS)
                    .send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            assertThat(h.output()).doesNotContain("100 Continue");
            assertThat(h.response().header("Connection")).isEqualTo("close");
        }
    }

    @Nested
    class UnreadBodies {

        @Test
        void aSmallUnreadBodyIsDroppedAndTheConnectionKept() throws Exception {
            for (MachineHarness h : both(IGNORE_BODY, DEFAULTS)) {
                h.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789" + GET);
                List<HttpResponse> r = h.responses();
                assertThat(r).hasSize(2);
                assertThat(r.getFirst().header("Connection")).isNull();
                assertThat(h.transport.closedByMachine).isFalse();
            }
        }

        @Test
        void anUnreadBodyOverTheDiscardLimitIsAnnouncedWithConnectionCloseThenLingers() throws Exception {
            int big = (int) Http1Connection.DISCARD_LIMIT + 1;
            MachineHarness h = MachineHarness.blocking(IGNORE_BODY, DEFAULTS)
                    .send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + big + "\r\n\r\n" + "a".repeat(1000));
            assertThat(h.response().header("Connection")).as("said before closing").isEqualTo("close");
            assertThat(h.transport.outputShut).as("lingering: output shut, input still read").isTrue();
            assertThat(h.transport.closedByMachine).isFalse();
            h.send("b".repeat(5000)).clientCloses();
            assertThat(h.transport.closedByMachine).isTrue();
        }

        @Test
        void anUnreadChunkedBodyOfUnknownSizeIsAnnouncedWithConnectionClose() throws Exception {
            MachineHarness h = MachineHarness.blocking(IGNORE_BODY, DEFAULTS)
                    .send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            assertThat(h.response().header("Connection")).isEqualTo("close");
        }

        @Test
        void aLingeringCloseEndsAfterOneSecondEvenIfTheClientKeepsSending() throws Exception {
            int big = (int) Http1Connection.DISCARD_LIMIT * 2;
            MachineHarness h = MachineHarness.blocking(IGNORE_BODY, DEFAULTS)
                    .send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + big + "\r\n\r\nxx");
            assertThat(h.transport.outputShut).isTrue();
            h.advance(1_001).tick();
            assertThat(h.transport.closed || h.transport.closedByMachine).isTrue();
        }
    }

    @Nested
    class BadInput {

        @Test
        void aMalformedHeadGetsItsStatusAndCloseAndNothingAfterItRuns() throws Exception {
            AtomicInteger ran = new AtomicInteger();
            App app = (req, resp) -> {
                ran.incrementAndGet();
                resp.send("ran");
            };
            for (MachineHarness h : both(app, DEFAULTS)) {
                h.send("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n" + GET);
                HttpResponse r = h.response();
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.header("Connection")).isEqualTo("close");
            }
            assertThat(ran.get()).isZero();
        }

        @Test
        void aBodyCutShortByTheClientIsA400ForTheApplication() throws Exception {
            MachineHarness h = MachineHarness.eventLoop(COUNT, DEFAULTS)
                    .send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc").clientCloses();
            assertThat(h.response().status()).isEqualTo(400);
        }

        @Test
        void aServerErrorClosesTheConnectionAndSaysSo() throws Exception {
            App failing = (req, resp) -> {
                throw new IllegalStateException("boom");
            };
            for (MachineHarness h : both(failing, DEFAULTS)) {
                h.send(GET + GET);
                HttpResponse r = h.response();
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.header("Connection")).isEqualTo("close");
                assertThat(r.text()).doesNotContain("boom");
            }
        }
    }

    @Nested
    class Deadlines {

        @Test
        void aSilentNewConnectionClosesAfterTheHeaderTimeout() {
            MachineHarness h = MachineHarness.blocking(HELLO, DEFAULTS);
            h.advance(9_999).tick();
            assertThat(h.transport.closed).isFalse();
            h.advance(2).tick();
            assertThat(h.transport.closed).isTrue();
            assertThat(h.output()).as("nothing to answer").isEmpty();
        }

        @Test
        void aSlowHeadClosesHeaderTimeoutAfterItsFirstByte() {
            MachineHarness h = MachineHarness.eventLoop(HELLO, DEFAULTS);
            h.advance(5_000).send("GET / HTTP/1.1\r\n");
            h.advance(9_999).tick();
            assertThat(h.transport.expiry).isNull();
            h.advance(2).tick();
            assertThat(h.transport.closedByMachine).isTrue();
        }

        @Test
        void anIdleKeepAliveConnectionClosesAfterKeepalive() throws Exception {
            MachineHarness h = MachineHarness.blocking(HELLO, DEFAULTS).send(GET);
            h.advance(1_999).tick();
            assertThat(h.transport.closed).isFalse();
            h.advance(2).tick();
            assertThat(h.transport.closed).isTrue();
        }

        @Test
        void aRequestPastItsTimeoutIsAnswered503OnceAndInterrupted() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> seen = new AtomicReference<>();
            App sleeper = (req, resp) -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    seen.set(e);
                    throw e;
                }
            };
            MachineHarness h = MachineHarness.blocking(sleeper, DEFAULTS.with(Settings.TIMEOUT, 5));
            Thread driver = Thread.ofVirtual().start(() -> h.send(GET));
            started.await();
            h.advance(5_001);
            assertThat(h.overdue()).isTrue();
            long due = h.connection.deadline();
            h.connection.expire(due);
            h.connection.expire(due); // the watchdog looks again: still one answer, one log line
            driver.join(10_000);
            assertThat(seen.get()).isInstanceOf(InterruptedException.class);
            HttpResponse r = h.response();
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(h.engine.timedOutRequests()).isEqualTo(1);
            assertThat(h.transport.closed).isTrue();
        }

        @Test
        void aCommittedResponseThatKeepsWritingIsNeverCutByTheTimeout() throws Exception {
            CountDownLatch step = new CountDownLatch(1);
            CountDownLatch wrote = new CountDownLatch(3);
            CountDownLatch finish = new CountDownLatch(1);
            App streamer = (req, resp) -> {
                OutputStream out = resp.body();
                for (int i = 0; i < 3; i++) {
                    out.write(("event " + i + "\n").getBytes());
                    out.flush();
                    wrote.countDown();
                    step.await();
                }
                finish.await(); // the deadline is read while the request runs, not after it
            };
            MachineHarness h = MachineHarness.blocking(streamer, DEFAULTS.with(Settings.TIMEOUT, 5));
            Thread driver = Thread.ofVirtual().start(() -> h.send(GET));
            while (wrote.getCount() == 3) {
                Thread.sleep(1);
            }
            h.advance(4_000);
            assertThat(h.overdue()).isFalse();
            long deadlineAfterFirst = h.connection.deadline();
            step.countDown();
            wrote.await();
            assertThat(h.connection.deadline()).as("each write restarted the timeout")
                    .isGreaterThan(deadlineAfterFirst);
            finish.countDown();
            driver.join(10_000);
            assertThat(h.response().text()).isEqualTo("event 0\nevent 1\nevent 2\n");
            assertThat(h.engine.timedOutRequests()).isZero();
        }

        @Test
        void aRequestWhoseBodyNeverArrivesIsAnswered503ByTheEventLoop() throws Exception {
            MachineHarness h = MachineHarness.eventLoop(COUNT, DEFAULTS.with(Settings.TIMEOUT, 5))
                    .send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            h.advance(5_001).tick();
            assertThat(h.response().status()).isEqualTo(503);
            assertThat(h.transport.closedByMachine).isTrue();
            assertThat(h.engine.completedRequests()).as("counted toward max_requests").isEqualTo(1);
        }

        @Test
        void theHeartbeatModeAnswersASecondBeforeTheMasterWouldAndAsksForAReplacement() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            App sleeper = (req, resp) -> {
                started.countDown();
                Thread.sleep(60_000);
            };
            MachineHarness h = MachineHarness.oneRequestPerConnection(sleeper, DEFAULTS.with(Settings.TIMEOUT, 5));
            Thread driver = Thread.ofVirtual().start(() -> h.send(GET));
            started.await();
            assertThat(h.engine.allowsHeartbeat()).as("no heartbeat while a request runs").isFalse();
            h.advance(4_001);
            assertThat(h.overdue()).isTrue();
            h.connection.expire(h.connection.deadline());
            driver.join(10_000);
            assertThat(h.response().status()).isEqualTo(503);
            assertThat(h.retired).hasSize(1);
            assertThat(h.engine.allowsHeartbeat()).isTrue();
        }
    }

    /**
     * The watchdog reads a deadline, finds it passed and acts on it, while a blocking
     * connection's thread may take its next request: whichever acts first wins, and the
     * other does nothing. Each interleaving is forced; the last test races real threads.
     */
    @Nested
    class WatchdogRaces {

        @Test
        void aRequestThatArrivesAsTheWatchdogActsOnTheIdleDeadlineIsNotTimedOut() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            App app = (req, resp) -> {
                if (req.path().equals("/slow")) {
                    started.countDown();
                    release.await();
                }
                resp.send(req.path());
            };
            MachineHarness h = MachineHarness.blocking(app, DEFAULTS).send(GET).advance(300).tick(); // trimmed
            long idle = h.connection.deadline();
            h.advance(1_701); // the watchdog reads the keepalive deadline, passed ...
            Thread driver = Thread.ofVirtual().start(() -> h.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
            started.await(); // ... the next request arrives and runs ...
            h.connection.expire(idle); // ... and the watchdog acts on what it read
            release.countDown();
            driver.join(10_000);
            assertThat(h.responses()).extracting(HttpResponse::status).containsExactly(200, 200);
            assertThat(h.engine.timedOutRequests()).isZero();
            assertThat(h.transport.closed).isFalse();
        }

        @Test
        void theWatchdogDoesNotCloseABlockingConnectionThatAnsweredItsNextRequestWhileItLooked() throws Exception {
            MachineHarness h = MachineHarness.blocking(HELLO, DEFAULTS).send(GET).advance(300).tick(); // trimmed
            h.advance(1_701);
            // Between the watchdog's check of the passed idle deadline and its close, the
            // connection's thread answers the next request and waits again, 2 s from now.
            h.transport.whileExpiring = () -> h.send(GET);
            h.tick();
            assertThat(h.responses()).hasSize(2);
            assertThat(h.transport.closed).as("closed a connection that had moved on").isFalse();
            h.advance(1_999).tick();
            assertThat(h.transport.closed).isFalse();
            h.advance(2).tick();
            assertThat(h.transport.closed).as("keepalive after the second response").isTrue();
        }

        @Test
        void aRequestWhoseBytesReachTheThreadAfterTheWatchdogClosedTheConnectionDoesNotRun() {
            AtomicInteger calls = new AtomicInteger();
            App app = (req, resp) -> {
                calls.incrementAndGet();
                resp.send("hi");
            };
            MachineHarness h = MachineHarness.blocking(app, DEFAULTS).send(GET).advance(300).tick(); // trimmed
            Http1Connection c = h.connection;
            java.nio.ByteBuffer in = c.readBuffer(); // the thread waits in its read
            h.advance(1_701);
            long idle = c.deadline();
            in.put(GET.getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // the read returned ...
            c.expire(idle); // ... as the watchdog closed the connection
            assertThat(h.transport.closed).isTrue();
            assertThat(c.received(GET.length())).isEqualTo(io.loomicorn.spi.Connection.Step.CLOSE);
            assertThat(calls).as("only the first request ran").hasValue(1);
        }

        @Test
        void aWatchdogThreadRacingTheConnectionsThreadNeverTimesOutOrClosesARequestThatWon() throws Exception {
            // Every round the idle deadline has passed when the next request's bytes reach the
            // thread: either the watchdog closes first (the request does not run) or the
            // request runs, is answered, and the connection stays open. Every tenth round the
            // thread waits for the watchdog to win; every tenth (+5) the deadline has not passed.
            App echo = (req, resp) -> resp.send(req.path());
            int rounds = 2_000;
            AtomicReference<MachineHarness> current = new AtomicReference<>(MachineHarness.blocking(echo, DEFAULTS));
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread watchdog = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    MachineHarness w = current.get();
                    long due = w.connection.deadline();
                    if (w.clock.get() - due > 0) {
                        w.connection.expire(due);
                    }
                    Thread.onSpinWait();
                }
            });
            int served = 0;
            int closed = 0;
            int servedHere = 0;
            try {
                for (int i = 0; i < rounds; i++) {
                    MachineHarness h = current.get();
                    Http1Connection c = h.connection;
                    java.nio.ByteBuffer in = c.readBuffer();
                    if (i % 10 != 5) {
                        h.advance(10_001); // past header_timeout (a new connection) and keepalive
                    }
                    if (i % 10 == 0) {
                        long until = System.nanoTime() + 10_000_000_000L;
                        while (!h.transport.closed && System.nanoTime() - until < 0) {
                            Thread.onSpinWait();
                        }
                        assertThat(h.transport.closed).as("the watchdog acted within 10 s").isTrue();
                    }
                    String request = "GET /" + i + " HTTP/1.1\r\nHost: x\r\n\r\n";
                    in.put(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    io.loomicorn.spi.Connection.Step step = c.received(request.length());
                    if (step == io.loomicorn.spi.Connection.Step.CLOSE) {
                        // The watchdog claimed the deadline; its close of the socket follows.
                        long until = System.nanoTime() + 10_000_000_000L;
                        while (!h.transport.closed && System.nanoTime() - until < 0) {
                            Thread.onSpinWait();
                        }
                        assertThat(h.transport.closed).as("round %d: CLOSE without the watchdog", i).isTrue();
                        assertThat(h.responses()).as("round %d: the request did not run", i).hasSize(servedHere);
                        closed++;
                        servedHere = 0;
                        current.set(MachineHarness.blocking(echo, DEFAULTS));
                        continue;
                    }
                    assertThat(step).as("round %d", i).isEqualTo(io.loomicorn.spi.Connection.Step.DISPATCH);
                    c.dispatch();
                    assertThat(c.exchangeDone()).as("round %d", i).isEqualTo(io.loomicorn.spi.Connection.Step.READ);
                    List<HttpResponse> responses = h.responses();
                    assertThat(responses).as("round %d", i).hasSize(++servedHere);
                    assertThat(responses.getLast().status()).as("round %d", i).isEqualTo(200);
                    assertThat(responses.getLast().text()).as("round %d", i).isEqualTo("/" + i);
                    assertThat(h.transport.closed).as("round %d: closed after its answer", i).isFalse();
                    assertThat(h.engine.timedOutRequests()).as("round %d", i).isZero();
                    served++;
                }
            } finally {
                stop.set(true);
                watchdog.join();
            }
            assertThat(closed).as("rounds the watchdog won").isGreaterThanOrEqualTo(rounds / 10);
            assertThat(served).as("rounds the request won").isGreaterThanOrEqualTo(rounds / 10);
            assertThat(served + closed).isEqualTo(rounds);
        }
    }

    @Nested
    class Drain {

        @Test
        void aDrainThatBeginsAsTheNextRequestArrivesNeverTakesThatRequestsTimeout() throws Exception {
            // A drain that reads the connection as idle while its next request has already
            // moved the deadline (its phase follows) must leave the request's deadline alone.
            // A thread plays drain() all along; each request checks its deadline once the
            // drain's write, if any, has landed.
            int rounds = 5_000;
            AtomicReference<Http1Connection> connection = new AtomicReference<>();
            AtomicInteger lost = new AtomicInteger();
            App checks = (req, resp) -> {
                long until = System.nanoTime() + 20_000;
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
                if (connection.get().deadline() >= Http1Connection.NEVER) {
                    lost.incrementAndGet();
                }
                resp.send("ok");
            };
            MachineHarness h = MachineHarness.blocking(checks, DEFAULTS.with(Settings.TIMEOUT, 30));
            connection.set(h.connection);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread drainer = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    h.connection.onDrain();
                }
            });
            try {
                for (int i = 0; i < rounds; i++) {
                    h.send(GET);
                }
            } finally {
                stop.set(true);
                drainer.join();
            }
            assertThat(lost).as("requests that lost their timeout").hasValue(0);
            assertThat(h.responses()).hasSize(rounds).allMatch(r -> r.status() == 200);
        }

        @Test
        void aDrainingWorkerKeepsAnIdleConnectionAndAnswersItsNextRequestWithClose() throws Exception {
            for (MachineHarness h : both(HELLO, DEFAULTS)) {
                h.send(GET);
                h.engine.drain();
                h.advance(3_600_000).tick();
                assertThat(h.transport.closed).as("no idle timer closes it while draining").isFalse();
                h.send(GET);
                HttpResponse last = h.responses().get(1);
                assertThat(last.status()).isEqualTo(200);
                assertThat(last.header("Connection")).isEqualTo("close");
                assertThat(h.transport.closedByMachine).isTrue();
            }
        }

        @Test
        void aResponseWrittenAfterTheDrainBeganSaysClose() throws Exception {
            AtomicReference<HttpEngine> engine = new AtomicReference<>();
            App drainsMidRequest = (req, resp) -> {
                engine.get().drain();
                resp.send("bye");
            };
            MachineHarness h = MachineHarness.blocking(drainsMidRequest, DEFAULTS);
            engine.set(h.engine);
            h.send(GET);
            assertThat(h.response().header("Connection")).isEqualTo("close");
            assertThat(h.transport.closedByMachine).isTrue();
        }

        @Test
        void aConnectionAcceptedWhileDrainingStillGetsTheHeaderTimeout() {
            MachineHarness h = MachineHarness.blocking(HELLO, DEFAULTS);
            h.engine.drain();
            h.advance(10_001).tick();
            assertThat(h.transport.closed).isTrue();
        }

        @Test
        void closeAllEndsEveryConnectionAndInterruptsItsRequest() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> seen = new AtomicReference<>();
            App sleeper = (req, resp) -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    seen.set(e);
                }
            };
            MachineHarness h = MachineHarness.blocking(sleeper, DEFAULTS);
            Thread driver = Thread.ofVirtual().start(() -> h.send(GET));
            started.await();
            h.engine.closeAll();
            driver.join(10_000);
            assertThat(seen.get()).isInstanceOf(InterruptedException.class);
            assertThat(h.transport.closed).isTrue();
        }
    }

    @Nested
    class Budget {

        @Test
        void theRequestThatUsesUpMaxRequestsSaysCloseAndTheWorkerAsksForAReplacementOnce() throws Exception {
            MachineHarness h = MachineHarness.blocking(HELLO, DEFAULTS.with(Settings.MAX_REQUESTS, 2)).send(GET + GET + GET);
            List<HttpResponse> r = h.responses();
            assertThat(r).hasSize(2);
            assertThat(r.get(0).header("Connection")).isNull();
            assertThat(r.get(1).header("Connection")).isEqualTo("close");
            assertThat(h.retired).hasSize(1);
            assertThat(h.engine.completedRequests()).isEqualTo(2);
        }
    }

    @Nested
    class EventLoopBodies {

        @Test
        void aSmallBodyIsBufferedAndTheRequestRunsOnTheLoop() throws Exception {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            App app = (req, resp) -> {
                ranOn.set(Thread.currentThread());
                resp.send("read " + req.body().readAllBytes().length);
            };
            MachineHarness h = MachineHarness.eventLoop(app, DEFAULTS)
                    .send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc").send("def");
            assertThat(h.response().text()).isEqualTo("read 6");
            assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        }

        @Test
        void aLargeBodyIsStreamedToARequestThatRunsOffTheLoopAndThePipelinedRequestAfterItIsServed() throws Exception {
            int size = BufferedBody.LIMIT * 3;
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            App app = (req, resp) -> {
                if (req.method().equals("POST")) {
                    ranOn.set(Thread.currentThread());
                }
                resp.send("read " + req.body().readAllBytes().length);
            };
            MachineHarness h = MachineHarness.eventLoop(app, DEFAULTS);
            StringBuilder raw = new StringBuilder("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n");
            raw.append("z".repeat(size)).append("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            h.send(raw.toString());
            assertThat(h.responses()).extracting(HttpResponse::text).containsExactly("read " + size, "read 0");
            assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
        }

        @Test
        void aBlockingApplicationNeverRunsOnTheLoop() throws Exception {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            App blocking = new App() {
                @Override
                public void handle(io.loomicorn.app.Request req, io.loomicorn.app.Response resp) throws Exception {
                    ranOn.set(Thread.currentThread());
                    resp.send("off the loop");
                }

                @Override
                public boolean isBlocking() {
                    return true;
                }
            };
            MachineHarness h = MachineHarness.eventLoop(blocking, DEFAULTS).send(GET);
            assertThat(h.response().text()).isEqualTo("off the loop");
            assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
            assertThat(ranOn.get().isVirtual()).isTrue();
        }

        @Test
        void theDemoAppRunsOnBothDriversAlike() throws Exception {
            for (MachineHarness h : both(new DemoApp(), DEFAULTS)) {
                h.send("PUT /echo?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
                assertThat(h.response().text()).contains("\"query\":\"x=1\"", "\"body_length\":5");
            }
        }
    }

    private static List<MachineHarness> both(App app, Config config) {
        return List.of(MachineHarness.blocking(app, config), MachineHarness.eventLoop(app, config));
    }
}
