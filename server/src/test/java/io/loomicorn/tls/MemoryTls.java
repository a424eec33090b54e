package io.loomicorn.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A server {@link TlsConnection} and a JDK client {@link SSLEngine} joined by two byte
 * queues instead of a socket: an event-loop driver in memory. Each {@link #pump()} lets
 * the client wrap and unwrap what it can, and the server read what arrived. The queues
 * can hand over as few bytes per read as a test likes ({@link #chunkToServer},
 * {@link #chunkToClient}), down to one.
 */
final class MemoryTls {

    /** Bytes in flight one way: written by one side, read by the other. */
    static final class Pipe implements ReadableByteChannel {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private byte[] data = new byte[0];
        private int at;
        private int chunk = Integer.MAX_VALUE;

        synchronized void write(ByteBuffer bytes) {
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            pending.writeBytes(b);
        }

        synchronized void write(byte[] bytes) {
            pending.writeBytes(bytes);
        }

        synchronized int available() {
            return data.length - at + pending.size();
        }

        /** Reads what is there, at most {@code chunk} bytes; 0 when empty (a non-blocking socket). */
        @Override
        public synchronized int read(ByteBuffer dst) {
            if (at == data.length) {
                data = pending.toByteArray();
                pending.reset();
                at = 0;
            }
            int n = Math.min(Math.min(data.length - at, dst.remaining()), chunk);
            dst.put(data, at, n);
            at += n;
            return n;
        }

        /** Takes every byte (test inspection). */
        synchronized byte[] drain() {
            ByteBuffer all = ByteBuffer.allocate(available());
            chunk = Integer.MAX_VALUE;
            while (all.hasRemaining()) {
                read(all);
            }
            return all.array();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    final Pipe toServer = new Pipe();
    final Pipe toClient = new Pipe();
    final SSLEngine client;
    final TlsConnection server;
    final ByteArrayOutputStream serverReceived = new ByteArrayOutputStream();
    final ByteArrayOutputStream clientReceived = new ByteArrayOutputStream();
    /** The server's plaintext buffer: the HTTP layer's input buffer. */
    ByteBuffer serverPlain = ByteBuffer.allocate(8192);
    /** What the server's read threw, if it did. */
    IOException serverFailure;
    /** What the client engine threw, if it did. */
    SSLException clientFailure;
    boolean serverSawEnd;

    private final Deque<ByteBuffer> clientOutgoing = new ArrayDeque<>();
    private ByteBuffer clientNet = ByteBuffer.allocate(64 * 1024).flip();
    private ByteBuffer clientApp = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer clientOut = ByteBuffer.allocate(64 * 1024);

    MemoryTls(ServerTls tls, SSLEngine client) {
        this(client, (in, out) -> tls.open(in, out::write, () -> { }, true));
    }

    /** Joins {@code client} to the server connection that {@code server} makes from the two pipes. */
    MemoryTls(SSLEngine client, BiFunction<Pipe, Pipe, TlsConnection> server) {
        this.client = client;
        this.server = server.apply(toServer, toClient);
        try {
            client.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    void chunkToServer(int bytes) {
        toServer.chunk = bytes;
    }

    void chunkToClient(int bytes) {
        toClient.chunk = bytes;
    }

    /** Queues plaintext for the client to send once it can. */
    void clientSends(byte[] data) {
        clientOutgoing.add(ByteBuffer.wrap(data));
    }

    /** Pumps until nothing moves; returns the number of rounds. */
    int run() {
        for (int round = 0; round < 1_000_000; round++) {
            if (!pump()) {
                return round;
            }
        }
        throw new AssertionError("the exchange never settled");
    }

    /** One round: the client acts, then the server reads. Returns whether anything moved. */
    boolean pump() {
        boolean progress = clientStep();
        progress |= serverStep();
        return progress;
    }

    /** Lets the client alone wrap and unwrap what it can; returns whether anything moved. */
    boolean clientPump() {
        return clientStep();
    }

    boolean handshakeDone() {
        return server.isHandshakeComplete()
                && client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    private boolean serverStep() {
        if (serverFailure != null || serverSawEnd) {
            return false;
        }
        boolean progress = false;
        try {
            while (true) {
                int n = server.reader().read(serverPlain);
                if (n < 0) {
                    serverSawEnd = true;
                    return true;
                }
                if (n == 0 && serverPlain.position() == 0) {
                    return progress;
                }
                serverPlain.flip();
                byte[] b = new byte[serverPlain.remaining()];
                serverPlain.get(b);
                serverReceived.writeBytes(b);
                serverPlain.clear();
                progress = true;
            }
        } catch (IOException e) {
            serverFailure = e;
            return true;
        }
    }

    private boolean clientStep() {
        if (clientFailure != null) {
            return false;
        }
        boolean progress = false;
        try {
            for (int guard = 0; guard < 100_000; guard++) {
                boolean moved = false;
                HandshakeStatus hs = client.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    for (Runnable t; (t = client.getDelegatedTask()) != null; ) {
                        t.run();
                    }
                    moved = true;
                }
                if (toClient.available() > 0 && !client.isInboundDone()) {
                    clientNet.compact();
                    moved |= toClient.read(clientNet) > 0;
                    clientNet.flip();
                }
                boolean handshaking = hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.NEED_UNWRAP
                        || hs == HandshakeStatus.NEED_UNWRAP_AGAIN;
                if (!client.isOutboundDone()
                        && (hs == HandshakeStatus.NEED_WRAP || (!handshaking && !clientOutgoing.isEmpty()))) {
                    ByteBuffer src = clientOutgoing.isEmpty() || handshaking ? ByteBuffer.allocate(0) : clientOutgoing.peek();
                    clientOut.clear();
                    SSLEngineResult r = client.wrap(src, clientOut);
                    clientOut.flip();
                    toServer.write(clientOut);
                    if (!clientOutgoing.isEmpty() && !clientOutgoing.peek().hasRemaining()) {
                        clientOutgoing.poll();
                    }
                    moved |= r.bytesProduced() > 0 || r.bytesConsumed() > 0;
                }
                if (clientNet.hasRemaining() && !client.isInboundDone()
                        && client.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                    SSLEngineResult r = client.unwrap(clientNet, clientApp);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        clientApp = ByteBuffer.allocate(clientApp.capacity() * 2).put(clientApp.flip());
                        moved = true;
                    }
                    if (clientApp.position() > 0) {
                        clientApp.flip();
                        byte[] b = new byte[clientApp.remaining()];
                        clientApp.get(b);
                        clientReceived.writeBytes(b);
                        clientApp.clear();
                    }
                    moved |= r.bytesProduced() > 0 || r.bytesConsumed() > 0;
                }
                if (!moved) {
                    return progress;
                }
                progress = true;
            }
            throw new AssertionError("the client never settled");
        } catch (SSLException e) {
            clientFailure = e;
            return true;
        }
    }
}
