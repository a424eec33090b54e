package io.loomicorn.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomicorn.app.TlsInfo;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.testing.TestPki;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server codec against the JDK's own client engine, in memory: handshakes, client
 * certificates, ALPN, SNI, renegotiation, close, plain HTTP and garbage, records split at
 * every byte, large bodies, and the buffer edges.
 */
@Timeout(120)
class TlsCodecTest {

    private static final TestPki PKI = TestPki.get();
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(US_ASCII);
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".getBytes(US_ASCII);

    static ServerTls server(String cert, String key) {
        return server(Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path(cert)))
                .with(Settings.KEYFILE, Optional.of(PKI.path(key))));
    }

    static ServerTls server(Config config) {
        return ServerTls.load(config, new Hooks() { }, Map.of()).orElseThrow();
    }

    static ServerTls mutual(String certReqs) {
        return server(Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("ec-fullchain.pem")))
                .with(Settings.KEYFILE, Optional.of(PKI.path("ec.key")))
                .with(Settings.CA_CERTS, Optional.of(PKI.path("ca.pem")))
                .with(Settings.CERT_REQS, certReqs));
    }

    static SSLEngine client(SSLContext context, String protocol, String... alpn) {
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        if (protocol != null) {
            p.setProtocols(new String[] {protocol});
        }
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        engine.setSSLParameters(p);
        return engine;
    }

    static MemoryTls pair(ServerTls server, String protocol) {
        return new MemoryTls(server, client(PKI.clientContext(null), protocol));
    }

    /** Runs a request and a response through a fresh pair. */
    private static void exchange(MemoryTls t) throws Exception {
        t.clientSends(REQUEST);
        t.run();
        assertThat(t.clientFailure).isNull();
        assertThat(t.serverFailure).isNull();
        assertThat(t.serverReceived.toByteArray()).isEqualTo(REQUEST);
        t.server.outbound().write(ByteBuffer.wrap(RESPONSE));
        t.run();
        assertThat(t.clientReceived.toByteArray()).isEqualTo(RESPONSE);
    }

    @ParameterizedTest(name = "{0} with {2}")
    @CsvSource({
        "ec-fullchain.pem,  ec.key,       TLSv1.3",
        "ec-fullchain.pem,  ec.key,       TLSv1.2",
        "rsa-fullchain.pem, rsa.key,      TLSv1.3",
        "rsa-fullchain.pem, rsa.key,      TLSv1.2",
        "ed25519.pem,       ed25519.key,  TLSv1.3",
    })
    void handshakesAndCarriesARequestAndItsResponse(String cert, String key, String protocol) throws Exception {
        MemoryTls t = pair(server(cert, key), protocol);
        assertThat(t.server.codec().state()).isEqualTo(TlsCodec.State.HANDSHAKING);
        assertThat(t.server.info()).isNull();
        exchange(t);
        TlsInfo info = t.server.info();
        assertThat(t.server.codec().state()).isEqualTo(TlsCodec.State.OPEN);
        assertThat(info.protocol()).isEqualTo(protocol);
        assertThat(info.cipherSuite()).isEqualTo(t.client.getSession().getCipherSuite());
        assertThat(info.peerCertificates()).isEmpty();
        assertThat(info.applicationProtocol()).isEmpty();
        assertThat(t.client.getSession().getPeerCertificates()[0]).isEqualTo(PKI.certificate(cert));
    }

    @Test
    void tls13IsPreferredAndTls12CanBeTurnedOff() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), null);
        exchange(t);
        assertThat(t.server.info().protocol()).isEqualTo("TLSv1.3");

        ServerTls only13 = server(Config.defaults().with(Settings.CERTFILE, Optional.of(PKI.path("ec.pem")))
                .with(Settings.KEYFILE, Optional.of(PKI.path("ec.key"))).with(Settings.SSL_MIN_VERSION, "TLSv1.3"));
        MemoryTls old = pair(only13, "TLSv1.2");
        old.run();
        assertThat(old.serverFailure).isInstanceOf(SSLException.class);
        assertThat(old.server.codec().state()).isEqualTo(TlsCodec.State.FAILED);
        assertThat(old.server.codec().failure()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void reportsTheEndOfTheHandshakeOnceAtTheCodec() throws Exception {
        TlsCodec codec = new TlsCodec(server("ec.pem", "ec.key").newEngine());
        SSLEngine client = client(PKI.clientContext(null), "TLSv1.3");
        ByteBuffer c2s = ByteBuffer.allocate(64 * 1024);
        ByteBuffer s2c = ByteBuffer.allocate(64 * 1024);
        ByteBuffer plain = ByteBuffer.allocate(8192);
        ByteBuffer clientApp = ByteBuffer.allocate(64 * 1024);
        List<TlsCodec.ReadResult> results = new ArrayList<>();
        for (int round = 0; round < 20 && !(codec.info() != null
                && client.getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING); round++) {
            client.wrap(ByteBuffer.allocate(0), c2s);
            for (Runnable r; (r = client.getDelegatedTask()) != null; ) {
                r.run();
            }
            c2s.flip();
            for (TlsCodec.ReadResult r = codec.unwrap(c2s, plain); r != TlsCodec.ReadResult.NEED_INPUT;
                 r = codec.unwrap(c2s, plain)) {
                results.add(r);
                if (r == TlsCodec.ReadResult.NEED_OUTPUT) {
                    assertThat(codec.outputOwed()).isTrue();
                    assertThat(codec.wrap(new ByteBuffer[] {ByteBuffer.allocate(0)}, s2c)).isEqualTo(TlsCodec.WriteResult.DONE);
                }
            }
            c2s.compact();
            s2c.flip();
            while (s2c.hasRemaining()) {
                if (client.unwrap(s2c, clientApp).bytesConsumed() == 0) {
                    for (Runnable r; (r = client.getDelegatedTask()) != null; ) {
                        r.run();
                    }
                    if (client.getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                        break;
                    }
                }
            }
            s2c.compact();
        }
        assertThat(results).containsOnlyOnce(TlsCodec.ReadResult.HANDSHAKE_COMPLETE);
        assertThat(codec.info()).isNotNull();
        assertThat(codec.state()).isEqualTo(TlsCodec.State.OPEN);
    }

    // ------------------------------------------------------------------ client certificates

    @Test
    void requiredClientCertificatesAreVerifiedAndShownToTheApplication() throws Exception {
        MemoryTls t = new MemoryTls(mutual("required"), client(PKI.clientContext("client.p12"), "TLSv1.3"));
        exchange(t);
        List<X509Certificate> peers = t.server.info().peerCertificates();
        assertThat(peers).hasSize(1);
        assertThat(peers.getFirst()).isEqualTo(PKI.certificate("client.pem"));
        assertThat(peers.getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=client one");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.3", "TLSv1.2"})
    void requiredRefusesAClientWithoutACertificateOrWithAnUntrustedOne(String protocol) {
        MemoryTls none = new MemoryTls(mutual("required"), client(PKI.clientContext(null), protocol));
        none.run();
        assertThat(none.serverFailure).isInstanceOf(SSLException.class);
        assertThat(none.server.info()).isNull();

        MemoryTls stranger = new MemoryTls(mutual("required"), client(PKI.clientContext("stranger.p12"), protocol));
        stranger.run();
        assertThat(stranger.serverFailure).isInstanceOf(SSLException.class);
        assertThat(stranger.serverReceived.size()).isZero();
    }

    @Test
    void optionalServesAClientWithoutACertificateButRefusesAnUntrustedOne() throws Exception {
        MemoryTls none = new MemoryTls(mutual("optional"), client(PKI.clientContext(null), "TLSv1.3"));
        exchange(none);
        assertThat(none.server.info().peerCertificates()).isEmpty();

        MemoryTls trusted = new MemoryTls(mutual("optional"), client(PKI.clientContext("client.p12"), "TLSv1.2"));
        exchange(trusted);
        assertThat(trusted.server.info().peerCertificates()).containsExactly(PKI.certificate("client.pem"));

        MemoryTls stranger = new MemoryTls(mutual("optional"), client(PKI.clientContext("stranger.p12"), "TLSv1.3"));
        stranger.run();
        assertThat(stranger.serverFailure).isInstanceOf(SSLException.class);
    }

    @Test
    void noneDoesNotAskForACertificate() throws Exception {
        MemoryTls t = new MemoryTls(server("ec.pem", "ec.key"), client(PKI.clientContext("client.p12"), "TLSv1.3"));
        exchange(t);
        assertThat(t.server.info().peerCertificates()).isEmpty();
        assertThat(t.client.getSession().getLocalCertificates()).isNull();
    }

    // ------------------------------------------------------------------ ALPN and SNI

    @Test
    void alpnAgreesOnHttp11AndRefusesAClientThatOffersOnlyOtherProtocols() throws Exception {
        MemoryTls t = new MemoryTls(server("ec.pem", "ec.key"), client(PKI.clientContext(null), "TLSv1.3", "h2", "http/1.1"));
        exchange(t);
        assertThat(t.server.info().applicationProtocol()).contains("http/1.1");
        assertThat(t.client.getApplicationProtocol()).isEqualTo("http/1.1");

        MemoryTls h2only = new MemoryTls(server("ec.pem", "ec.key"), client(PKI.clientContext(null), "TLSv1.3", "h2"));
        h2only.run();
        assertThat(h2only.serverFailure).isInstanceOf(SSLException.class);
        assertThat(h2only.server.codec().failure()).contains("no_application_protocol");
    }

    @Test
    void theServerNameTheClientAskedForIsShown() throws Exception {
        SSLEngine sni = client(PKI.clientContext(null), "TLSv1.3");
        SSLParameters p = sni.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName("localhost")));
        sni.setSSLParameters(p);
        MemoryTls t = new MemoryTls(server("ec.pem", "ec.key"), sni);
        exchange(t);
        assertThat(t.server.info().serverName()).contains("localhost");

        SSLEngine noSni = PKI.clientContext(null).createSSLEngine();
        noSni.setUseClientMode(true);
        MemoryTls without = new MemoryTls(server("ec.pem", "ec.key"), noSni);
        SSLParameters trustAnyName = noSni.getSSLParameters();
        trustAnyName.setEndpointIdentificationAlgorithm(null);
        noSni.setSSLParameters(trustAnyName);
        exchange(without);
        assertThat(without.server.info().serverName()).isEmpty();
    }

    // ------------------------------------------------------------------ renegotiation, key update, close

    @Test
    void aClientInitiatedRenegotiationFailsTheConnection() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.2");
        exchange(t);
        t.client.beginHandshake();
        t.run();
        assertThat(t.serverFailure).isInstanceOf(SSLException.class);
        assertThat(t.server.codec().failure()).containsIgnoringCase("renegotiation");
        t.server.close(); // sends the alert JSSE prepared
        t.run();
        assertThat(t.clientFailure).isNotNull();
    }

    @Test
    void aTls13KeyUpdateIsAnsweredAndTheConnectionGoesOn() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        exchange(t);
        t.client.beginHandshake(); // TLS 1.3: a KeyUpdate that asks the server to update too
        t.clientSends("second".getBytes(US_ASCII));
        t.run();
        t.server.outbound().write(ByteBuffer.wrap("answer".getBytes(US_ASCII)));
        t.run();
        assertThat(t.serverFailure).isNull();
        assertThat(t.clientFailure).isNull();
        assertThat(t.serverReceived.toString(US_ASCII)).endsWith("second");
        assertThat(t.clientReceived.toString(US_ASCII)).endsWith("answer");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.3", "TLSv1.2"})
    void closeNotifyBothWays(String protocol) throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), protocol);
        exchange(t);
        t.client.closeOutbound();
        t.run();
        assertThat(t.serverSawEnd).isTrue();
        assertThat(t.server.codec().state()).isEqualTo(TlsCodec.State.CLOSED);

        MemoryTls s = pair(server("ec.pem", "ec.key"), protocol);
        exchange(s);
        s.server.close();
        s.run();
        assertThat(s.client.isInboundDone()).as("the client received close_notify").isTrue();
        assertThatThrownBy(() -> s.server.outbound().write(ByteBuffer.wrap(RESPONSE)))
                .isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    @Test
    void anEndOfStreamWithoutCloseNotifyEndsTheConnectionQuietly() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        exchange(t);
        java.nio.channels.ReadableByteChannel closed = new java.nio.channels.ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) {
                return -1;
            }

            @Override
            public boolean isOpen() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        TlsReader reader = new TlsReader(t.server.codec(), closed, t.server.outbound(), false);
        assertThat(reader.read(ByteBuffer.allocate(100))).isEqualTo(-1);
        assertThat(t.server.codec().state()).isEqualTo(TlsCodec.State.CLOSED);
    }

    // ------------------------------------------------------------------ not TLS

    @Test
    void plainHttpIsRecognisedFromItsFirstBytesEvenOneAtATime() {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        t.chunkToServer(1);
        t.toServer.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
        t.run();
        assertThat(t.serverFailure).isInstanceOf(PlainHttpRequestException.class);
        assertThat(t.server.codec().state()).isEqualTo(TlsCodec.State.FAILED);
        t.server.close();
        assertThat(t.toClient.available()).as("nothing in TLS framing goes to a plain HTTP client").isZero();
        assertThat(TlsCodec.PLAIN_HTTP_DETAIL).isEqualTo("The plain HTTP request was sent to HTTPS port");
    }

    @Test
    void garbageFailsTheConnectionAndAMalformedHandshakeGetsAnAlert() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        t.toServer.write(new byte[] {0, 1, 2, 3, 4, 5});
        t.run();
        assertThat(t.serverFailure).isInstanceOf(SSLException.class).isNotInstanceOf(PlainHttpRequestException.class)
                .hasMessage("the client sent something else than TLS (first byte 0x00)");
        t.server.close();
        assertThat(t.toClient.available()).isZero();

        MemoryTls h = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        byte[] junk = new byte[300];
        new Random(1).nextBytes(junk);
        junk[0] = 22; // a handshake record header, then nonsense
        junk[1] = 3;
        junk[2] = 3;
        junk[3] = 0;
        junk[4] = 100;
        h.toServer.write(junk);
        h.run();
        assertThat(h.serverFailure).isInstanceOf(SSLException.class);
        h.server.close();
        byte[] sent = h.toClient.drain();
        assertThat(sent).isNotEmpty();
        assertThat(sent[0]).as("an alert record").isEqualTo((byte) 21);
    }

    // ------------------------------------------------------------------ splitting and sizes

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.3", "TLSv1.2"})
    void everyRecordMayArriveOneByteAtATimeInBothDirections(String protocol) throws Exception {
        MemoryTls t = pair(server("rsa-fullchain.pem", "rsa.key"), protocol);
        t.chunkToServer(1);
        t.chunkToClient(1);
        exchange(t);
        assertThat(t.server.info().protocol()).isEqualTo(protocol);
    }

    @Test
    void aRecordSplitAtEveryByteBoundaryDecodesTheSame() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        exchange(t);
        byte[] message = "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello".getBytes(US_ASCII);
        SSLEngine client = t.client;
        ByteBuffer record = ByteBuffer.allocate(1024);
        client.wrap(ByteBuffer.wrap(message), record);
        int length = record.flip().remaining();
        byte[] bytes = new byte[length];
        for (int split = 1; split < length; split++) {
            record.clear();
            client.wrap(ByteBuffer.wrap(message), record);
            record.flip().get(bytes);
            t.serverReceived.reset();
            t.toServer.write(java.util.Arrays.copyOfRange(bytes, 0, split));
            t.run();
            assertThat(t.serverReceived.size()).as("split at %d", split).isZero();
            t.toServer.write(java.util.Arrays.copyOfRange(bytes, split, length));
            t.run();
            assertThat(t.serverReceived.toByteArray()).as("split at %d", split).isEqualTo(message);
        }
        assertThat(t.serverFailure).isNull();
    }

    @Test
    void largeBodiesCrossBothWaysIntact() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        exchange(t);
        byte[] up = new byte[3 * 1024 * 1024 + 7];
        byte[] down = new byte[2 * 1024 * 1024 + 13];
        new Random(7).nextBytes(up);
        new Random(8).nextBytes(down);
        t.serverReceived.reset();
        t.clientReceived.reset();
        t.clientSends(up);
        t.server.outbound().write(ByteBuffer.wrap(down, 0, 100), ByteBuffer.wrap(down, 100, down.length - 100));
        t.run();
        assertThat(t.serverReceived.toByteArray()).isEqualTo(up);
        assertThat(t.clientReceived.toByteArray()).isEqualTo(down);
    }

    @Test
    void aPlaintextBufferSmallerThanARecordStillGetsEveryByte() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.2");
        t.serverPlain = ByteBuffer.allocate(1);
        exchange(t);
        byte[] body = new byte[40_000];
        new Random(3).nextBytes(body);
        t.serverReceived.reset();
        t.clientSends(body);
        t.run();
        assertThat(t.serverReceived.toByteArray()).isEqualTo(body);
    }

    @Test
    void aFullPlaintextBufferKeepsTheRestInsideTheCodec() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        exchange(t);
        byte[] body = new byte[16_000];
        new Random(4).nextBytes(body);
        // Feed the client's record straight to the codec, with a buffer of 1000 bytes.
        ByteBuffer net = ByteBuffer.allocate(32 * 1024);
        t.client.wrap(ByteBuffer.wrap(body), net);
        net.flip();
        TlsCodec codec = t.server.codec();
        ByteBuffer plain = ByteBuffer.allocate(1000);
        assertThat(codec.unwrap(net, plain)).isEqualTo(TlsCodec.ReadResult.PLAINTEXT_FULL);
        assertThat(plain.position()).isEqualTo(1000);
        assertThat(codec.hasPendingPlaintext()).isTrue();
        ByteBuffer none = ByteBuffer.allocate(0);
        assertThat(codec.unwrap(net, none)).isEqualTo(TlsCodec.ReadResult.PLAINTEXT_FULL);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        got.write(plain.array(), 0, plain.position());
        TlsCodec.ReadResult r;
        do {
            plain.clear();
            r = codec.unwrap(net, plain);
            got.write(plain.array(), 0, plain.position());
        } while (r == TlsCodec.ReadResult.PLAINTEXT_FULL);
        assertThat(r).isEqualTo(TlsCodec.ReadResult.NEED_INPUT);
        assertThat(got.toByteArray()).isEqualTo(body);
        assertThat(codec.hasPendingPlaintext()).isFalse();
    }

    @Test
    void anOutputBufferSmallerThanARecordAsksForRoomWithoutLosingBytes() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        exchange(t);
        TlsCodec codec = t.server.codec();
        ByteBuffer[] big = {ByteBuffer.allocate(16_384)};
        ByteBuffer tiny = ByteBuffer.allocate(100);
        assertThat(codec.wrap(big, tiny)).isEqualTo(TlsCodec.WriteResult.OUTPUT_FULL);
        assertThat(tiny.position()).isZero();
        assertThat(big[0].position()).isZero();
        // JSSE needs a whole record's room for every record, even a short last one.
        ByteBuffer room = ByteBuffer.allocate(codec.packetSize());
        TlsCodec.WriteResult r;
        int rounds = 0;
        do {
            room.clear();
            r = codec.wrap(big, room);
            t.toClient.write(room.flip());
            rounds++;
        } while (r == TlsCodec.WriteResult.OUTPUT_FULL);
        assertThat(r).isEqualTo(TlsCodec.WriteResult.DONE);
        assertThat(rounds).isBetween(1, 2);
        assertThat(big[0].hasRemaining()).isFalse();
        t.clientReceived.reset();
        t.run();
        assertThat(t.clientReceived.size()).isEqualTo(16_384);
    }

    @Test
    void theServersFirstFlightGoesOutInOneWrite() throws Exception {
        List<byte[]> writes = new ArrayList<>();
        MemoryTls t = recordingWrites(writes);
        exchange(t);
        // ServerHello, the client's ChangeCipherSpec echoed for middlebox compatibility (RFC 8446
        // D.4), then EncryptedExtensions to Finished, encrypted: three records, one write.
        assertThat(recordTypes(writes.getFirst())).containsExactly(22, 20, 23);
    }

    @Test
    void theSessionTicketGoesOutWithTheFirstResponse() throws Exception {
        List<byte[]> writes = new ArrayList<>();
        MemoryTls t = recordingWrites(writes);
        t.clientSends(REQUEST);
        t.pump(); // the ClientHello in, the server's first flight out
        t.clientPump(); // the client's Finished and the request, together, as a client sends them
        ByteBuffer plain = ByteBuffer.allocate(8192);
        assertThat(t.server.reader().read(plain)).isEqualTo(REQUEST.length);
        assertThat(t.server.outbound().holds()).as("the ticket waits for the response").isTrue();
        t.server.outbound().write(ByteBuffer.wrap(RESPONSE));
        t.run();
        assertThat(t.clientFailure).isNull();
        assertThat(t.serverFailure).isNull();
        assertThat(t.clientReceived.toByteArray()).isEqualTo(RESPONSE);
        // The first flight, then NewSessionTicket and the response (both encrypted: type 23) in one write.
        assertThat(writes).hasSize(2);
        assertThat(recordTypes(writes.get(1))).containsExactly(23, 23);
    }

    @Test
    void aTicketWithNoResponseToCarryItGoesOutBeforeTheReaderWaits() throws Exception {
        List<byte[]> writes = new ArrayList<>();
        MemoryTls t = recordingWrites(writes);
        t.run(); // the handshake alone: the Finished comes without a request
        assertThat(t.handshakeDone()).isTrue();
        assertThat(t.server.outbound().holds()).isFalse();
        assertThat(writes).as("the first flight, then the ticket").hasSize(2);
        assertThat(t.server.reader().hasBufferedInput()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.3", "TLSv1.2"})
    void theLastResponseAndCloseNotifyGoOutInOneWrite(String protocol) throws Exception {
        List<byte[]> writes = new ArrayList<>();
        MemoryTls t = recordingWrites(writes, "ec.pem", protocol);
        exchange(t);
        t.clientReceived.reset();
        int before = writes.size();
        t.server.outbound().writeLast(ByteBuffer.wrap(RESPONSE));
        t.server.close(); // nothing left to send
        t.run();
        assertThat(writes).hasSize(before + 1);
        assertThat(recordTypes(writes.getLast())).hasSize(2); // the response, then the alert
        assertThat(t.clientFailure).isNull();
        assertThat(t.clientReceived.toByteArray()).isEqualTo(RESPONSE);
        assertThat(t.client.isInboundDone()).as("the client received close_notify").isTrue();
        assertThatThrownBy(() -> t.server.outbound().write(ByteBuffer.wrap(RESPONSE)))
                .isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    /** A pair over TLS 1.3 whose server records each socket write in {@code writes}. */
    private static MemoryTls recordingWrites(List<byte[]> writes) {
        return recordingWrites(writes, "ec-fullchain.pem", "TLSv1.3");
    }

    /** A TLS pair whose server records a copy of each socket write in {@code writes}. */
    private static MemoryTls recordingWrites(List<byte[]> writes, String certificate, String protocol) {
        ServerTls tls = server(certificate, "ec.key");
        return new MemoryTls(client(PKI.clientContext(null), protocol), (in, out) -> tls.open(in, bytes -> {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            writes.add(copy);
            out.write(bytes);
        }, () -> { }, true));
    }

    /** The content types of the TLS records in {@code bytes}, which must end at a record's end. */
    private static List<Integer> recordTypes(byte[] bytes) {
        List<Integer> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            types.add(b.get() & 0xff);
            b.getShort(); // the version
            int length = b.getShort() & 0xffff;
            b.position(b.position() + length);
        }
        return types;
    }

    @Test
    void dataCannotBeSentBeforeTheHandshake() {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        assertThatThrownBy(() -> t.server.outbound().write(ByteBuffer.wrap(RESPONSE)))
                .isInstanceOf(SSLException.class)
                .hasMessage("cannot send data before the TLS handshake has finished");
    }

    // ------------------------------------------------------------------ threads

    @Test
    void concurrentWritersKeepRecordsInOrder() throws Exception {
        MemoryTls t = pair(server("ec.pem", "ec.key"), "TLSv1.3");
        exchange(t);
        t.clientReceived.reset();
        int perThread = 2000;
        List<Thread> writers = new ArrayList<>();
        for (char id : new char[] {'a', 'b', 'c'}) {
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    try {
                        t.server.outbound().write(ByteBuffer.wrap(("<" + id + i + ">").getBytes(US_ASCII)));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread w : writers) {
            w.join();
        }
        t.run();
        assertThat(t.clientFailure).as("records out of order fail the client's MAC check").isNull();
        String got = t.clientReceived.toString(US_ASCII);
        for (char id : new char[] {'a', 'b', 'c'}) {
            int at = -1;
            for (int i = 0; i < perThread; i++) {
                int next = got.indexOf("<" + id + i + ">");
                assertThat(next).as("%s%d in order", id, i).isGreaterThan(at);
                at = next;
            }
        }
    }

    @Test
    void anEventLoopReaderHandsItsOutputToTheWriterHoldingTheLock() throws Exception {
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch open = new CountDownLatch(1);
        AtomicInteger resumed = new AtomicInteger();
        AtomicBoolean gate = new AtomicBoolean();
        ServerTls tls = server("ec.pem", "ec.key");
        MemoryTls t = new MemoryTls(client(PKI.clientContext(null), "TLSv1.3"), (in, out) -> tls.open(in, bytes -> {
            if (gate.get()) {
                inSink.countDown();
                try {
                    open.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.write(bytes);
        }, resumed::incrementAndGet, true));
        exchange(t);

        gate.set(true);
        Thread app = Thread.ofPlatform().start(() -> {
            try {
                t.server.outbound().write(ByteBuffer.wrap("slow".getBytes(US_ASCII)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue();
        gate.set(false);
        t.client.beginHandshake(); // TLS 1.3: a KeyUpdate that the server must answer
        t.pump();
        assertThat(t.serverFailure).isNull();
        assertThat(t.server.codec().outputOwed()).as("the server owes its KeyUpdate").isTrue();
        assertThat(resumed.get()).as("the reader returned without waiting").isZero();
        open.countDown();
        app.join(10_000);
        assertThat(resumed.get()).as("the writer sent the reader's output, then resumed it").isEqualTo(1);
        assertThat(t.server.codec().outputOwed()).isFalse();
        t.clientSends("after".getBytes(US_ASCII));
        t.run();
        assertThat(t.clientFailure).isNull();
        assertThat(t.serverFailure).isNull();
        assertThat(t.clientReceived.toString(US_ASCII)).endsWith("slow");
        assertThat(t.serverReceived.toString(US_ASCII)).endsWith("after");
    }
}
