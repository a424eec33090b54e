package io.loomicorn.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReadinessPoller} and a {@link BlockingTransport} that waits on it, over real
 * loopback sockets, on virtual threads as in the vthread worker. Each transport check
 * runs twice, with the poller and with the JDK's blocking channel, and expects the same:
 * the poller must behave as a blocking channel does. A thread that waits must be parked
 * ({@link Thread.State#WAITING}), not spinning; a test that fails that hangs until its
 * timeout.
 */
@Timeout(120)
class ReadinessPollerTest {

    /** More than the two sockets' buffers hold, even when the kernel grows them. */
    private static final int LARGE = 16 * 1024 * 1024;

    private ReadinessPoller poller;
    private ServerSocketChannel server;
    private SocketChannel peer;
    private SocketChannel accepted;

    @BeforeEach
    void connect() throws IOException {
        poller = ReadinessPoller.start("test-poller");
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = SocketChannel.open();
        peer.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        peer.connect(server.getLocalAddress());
        accepted = server.accept();
        accepted.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
    }

    @AfterEach
    void close() throws IOException {
        poller.stop();
        peer.close();
        accepted.close();
        server.close();
    }

    @ParameterizedTest(name = "poller {0}")
    @ValueSource(booleans = {true, false})
    void aReadWaitsParkedUntilBytesArrive(boolean withPoller) throws Exception {
        Transport t = transport(withPoller);
        ByteBuffer dst = ByteBuffer.allocate(100);
        CompletableFuture<Integer> read = onVirtualThread(() -> t.read(dst));
        awaitParked(read);
        peer.write(ByteBuffer.wrap("hello".getBytes()));
        assertThat(read.get()).isEqualTo(5);
    }

    @ParameterizedTest(name = "poller {0}")
    @ValueSource(booleans = {true, false})
    void aWriteTheSocketCannotTakeWaitsParkedUntilThePeerReads(boolean withPoller) throws Exception {
        Transport t = transport(withPoller);
        CompletableFuture<Integer> written = onVirtualThread(() -> {
            t.write(ByteBuffer.allocate(LARGE / 2), ByteBuffer.allocate(LARGE / 2));
            return LARGE;
        });
        awaitParked(written);
        assertThat(readAll(LARGE)).isEqualTo(LARGE);
        assertThat(written.get()).isEqualTo(LARGE);
    }

    /**
     * With the poller only: on a channel in blocking mode the JDK's {@code sendfile} blocks
     * in the kernel and holds the carrier (the thread stays {@link Thread.State#RUNNABLE}).
     */
    @Test
    void sendfileTheSocketCannotTakeWaitsParkedUntilThePeerReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large");
        Files.write(file, new byte[LARGE]);
        Transport t = transport(true);
        CompletableFuture<Integer> sent = onVirtualThread(() -> {
            try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
                t.transferFrom(f, 0, LARGE);
            }
            return LARGE;
        });
        awaitParked(sent);
        assertThat(readAll(LARGE)).isEqualTo(LARGE);
        assertThat(sent.get()).isEqualTo(LARGE);
    }

    @ParameterizedTest(name = "poller {0}")
    @ValueSource(booleans = {true, false})
    void anInterruptedReadClosesTheChannelAndKeepsTheInterrupt(boolean withPoller) throws Exception {
        Transport t = transport(withPoller);
        AtomicReference<Thread> reader = new AtomicReference<>();
        CompletableFuture<Boolean> read = onVirtualThread(() -> {
            reader.set(Thread.currentThread());
            try {
                t.read(ByteBuffer.allocate(100));
                throw new AssertionError("the read returned");
            } catch (ClosedByInterruptException e) {
                return Thread.currentThread().isInterrupted();
            }
        });
        awaitParked(read);
        reader.get().interrupt();
        assertThat(read.get()).as("interrupt status after the read").isTrue();
        assertThat(accepted.isOpen()).isFalse();
        assertThat(peer.read(ByteBuffer.allocate(1))).as("the peer reads the end").isEqualTo(-1);
    }

    @ParameterizedTest(name = "poller {0}")
    @ValueSource(booleans = {true, false})
    void closeWakesAWaitingReadAndThePeerReadsTheEnd(boolean withPoller) throws Exception {
        Transport t = transport(withPoller);
        CompletableFuture<Integer> read = onVirtualThread(() -> t.read(ByteBuffer.allocate(100)));
        awaitParked(read);
        t.close();
        assertThat(read).failsWithin(java.time.Duration.ofSeconds(60))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(AsynchronousCloseException.class);
        assertThat(peer.read(ByteBuffer.allocate(1))).as("the peer reads the end").isEqualTo(-1);
    }

    @Test
    void readinessNobodyWaitsForIsRememberedAndNotReportedAgain() throws Exception {
        accepted.configureBlocking(false);
        ReadinessPoller.Registration r = poller.register(accepted);
        CompletableFuture<Void> first = onVirtualThread(() -> {
            r.awaitReadable();
            return null;
        });
        awaitParked(first);
        assertThat(r.interestOps()).isEqualTo(SelectionKey.OP_READ);
        peer.write(ByteBuffer.wrap("one".getBytes()));
        first.get();
        // The bytes stay unread (a busy connection thread): the channel stays readable.
        // The poller reports it once more, finds nobody waiting, and stops watching it
        // instead of reporting it at every turn.
        while (r.interestOps() != 0) {
            Thread.sleep(1);
        }
        while (poller.thread().getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        r.awaitReadable(); // remembered: returns at once
        assertThat(accepted.read(ByteBuffer.allocate(100))).isEqualTo(3);
        CompletableFuture<Void> second = onVirtualThread(() -> {
            r.awaitReadable();
            return null;
        });
        awaitParked(second);
        assertThat(r.interestOps()).as("watched again for the next wait").isEqualTo(SelectionKey.OP_READ);
        peer.write(ByteBuffer.wrap("two".getBytes()));
        second.get();
    }

    @Test
    void aWaitRacingTheReportOfReadinessNobodyWaitedForTakesIt() throws Exception {
        // The peer keeps the channel readable while the reader reads and comes back to wait:
        // the poller keeps reporting readiness that nobody waits for, at any moment of a wait's
        // start. Every wait must either take the remembered readiness or wait, never fail.
        accepted.configureBlocking(false);
        ReadinessPoller.Registration r = poller.register(accepted);
        int bytes = 200_000;
        CompletableFuture<Integer> reader = onVirtualThread(() -> {
            ByteBuffer b = ByteBuffer.allocate(64);
            int total = 0;
            while (total < bytes) {
                r.awaitReadable();
                int n = accepted.read(b.clear());
                total += Math.max(n, 0);
            }
            return total;
        });
        ByteBuffer one = ByteBuffer.allocate(1);
        for (int i = 0; i < bytes; i++) {
            peer.write(one.clear());
        }
        assertThat(reader.get()).isEqualTo(bytes);
    }

    @Test
    void anEndedWaitReturnsFalseAndTheResumptionRunsOnANewThreadOnceTheChannelIsReadable() throws Exception {
        accepted.configureBlocking(false);
        CompletableFuture<Integer> resumed = new CompletableFuture<>();
        ReadinessPoller.Registration r = poller.register(accepted, () -> {
            try {
                assertThat(Thread.currentThread()).matches(Thread::isVirtual);
                resumed.complete(accepted.read(ByteBuffer.allocate(100)));
            } catch (Throwable e) {
                resumed.completeExceptionally(e);
            }
        });
        CompletableFuture<Boolean> wait = onVirtualThread(r::awaitReadableOrEnd);
        awaitParked(wait);
        r.endIdleWait();
        assertThat(wait.get()).as("the wait's result").isFalse();
        assertThat(r.interestOps()).isEqualTo(SelectionKey.OP_READ);
        peer.write(ByteBuffer.wrap("hello".getBytes()));
        assertThat(resumed.get()).isEqualTo(5);
    }

    @Test
    void aWaitThatCannotBeEndedIsNotEndedAndAnEndableOneReturnsTrueOnReadiness() throws Exception {
        accepted.configureBlocking(false);
        ReadinessPoller.Registration r = poller.register(accepted, () -> {
            throw new AssertionError("resumed although the thread read");
        });
        CompletableFuture<Boolean> plain = onVirtualThread(() -> {
            r.awaitReadable();
            return true;
        });
        awaitParked(plain);
        r.endIdleWait(); // nothing to end
        peer.write(ByteBuffer.wrap("one".getBytes()));
        assertThat(plain.get()).isTrue();
        assertThat(accepted.read(ByteBuffer.allocate(100))).isEqualTo(3);
        peer.write(ByteBuffer.wrap("two".getBytes()));
        assertThat(r.awaitReadableOrEnd()).as("readable").isTrue();
        r.endIdleWait(); // nobody waits
        assertThat(accepted.read(ByteBuffer.allocate(100))).isEqualTo(3);
    }

    @Test
    void closingAChannelWhoseWaitWasEndedRunsItsResumptionWhichFindsItClosed() throws Exception {
        accepted.configureBlocking(false);
        CompletableFuture<Boolean> resumed = new CompletableFuture<>();
        ReadinessPoller.Registration r = poller.register(accepted, () -> resumed.complete(accepted.isOpen()));
        CompletableFuture<Boolean> wait = onVirtualThread(r::awaitReadableOrEnd);
        awaitParked(wait);
        r.endIdleWait();
        assertThat(wait.get()).isFalse();
        accepted.close();
        r.closed();
        assertThat(resumed.get()).as("open when resumed").isFalse();
        assertThat(peer.read(ByteBuffer.allocate(1))).as("the peer reads the end").isEqualTo(-1);
    }

    /** The accepted side as the vthread worker opens it, moved to the poller or left to the JDK. */
    private Transport transport(boolean withPoller) throws IOException {
        AtomicReference<Transport> opened = new AtomicReference<>();
        Engine engine = new Engine() {
            @Override
            public Connection open(Transport transport, SocketAddress remote, SocketAddress local, Listener listener) {
                opened.set(transport);
                return null;
            }

            @Override
            public void closed(Connection connection) {
            }

            @Override
            public int openConnections() {
                return 0;
            }

            @Override
            public long completedRequests() {
                return 0;
            }

            @Override
            public void drain() {
            }

            @Override
            public void closeAll() {
            }
        };
        BlockingTransport.open(engine, accepted, new Listener(server, server.getLocalAddress()), withPoller ? poller : null);
        BlockingTransport transport = (BlockingTransport) opened.get();
        if (withPoller) {
            // As after a first response: the connection moves to the poller.
            peer.write(ByteBuffer.wrap(new byte[] {'x'}));
            transport.awaitPolled();
            assertThat(transport.read(ByteBuffer.allocate(1))).isEqualTo(1);
            assertThat(accepted.isBlocking()).isFalse();
        }
        return transport;
    }

    private interface IoCall<T> {
        T call() throws Exception;
    }

    private final java.util.List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

    private <T> CompletableFuture<T> onVirtualThread(IoCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    /** Waits until the thread behind {@code call} is parked (not runnable) and has not finished. */
    private void awaitParked(CompletableFuture<?> call) throws InterruptedException {
        Thread t = threads.getLast();
        while (t.getState() != Thread.State.WAITING) {
            assertThat(call).as("finished early").isNotDone();
            Thread.sleep(1);
        }
    }

    private int readAll(int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256 * 1024);
        int total = 0;
        while (total < count) {
            int n = peer.read(b.clear());
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
