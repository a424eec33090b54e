package io.loomicorn.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Response framing and persistence: one place decides them for every worker class. */
class ServerResponseTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String GET_10 = "GET / HTTP/1.0\r\n\r\n";
    private static final String HEAD = "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void sendWritesHeadAndBodyInOneWriteWithAContentLength() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> r.send("hello"));
        assertThat(f.head()).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 5\r\n",
                "Content-Type: text/plain; charset=utf-8\r\n", "Server: loomicorn\r\n", "Date: ");
        assertThat(f.head()).doesNotContain("Connection:", "Transfer-Encoding");
        assertThat(f.body()).isEqualTo("hello");
        assertThat(f.writes).isEqualTo(1);
        assertThat(f.response.keepAlive()).isTrue();
        assertThat(f.response.bodyBytes()).isEqualTo(5);
    }

    @Test
    void aSentByteBufferGoesOutWithItsHeadInOneWriteAndKeepsItsPositionAndLimit() {
        ByteBuffer direct = ByteBuffer.allocateDirect(16).put("xxxhelloyyy".getBytes()).flip().position(3).limit(8);
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> r.send(direct));
        assertThat(f.head()).contains("Content-Length: 5\r\n").doesNotContain("chunked");
        assertThat(f.body()).isEqualTo("hello");
        assertThat(f.writes).isEqualTo(1);
        assertThat(f.bodyBuffersOut).isZero();
        assertThat(f.response.bodyBytes()).isEqualTo(5);
        assertThat(f.response.keepAlive()).isTrue();
        assertThat(direct.position()).isEqualTo(3);
        assertThat(direct.limit()).isEqualTo(8);
    }

    @Test
    void heapReadOnlyAndEmptyBuffersAreSentToo() {
        ExchangeFixture heap = ExchangeFixture.run(GET, (q, r) -> r.send(ByteBuffer.wrap("heap".getBytes())));
        assertThat(heap.head()).contains("Content-Length: 4\r\n");
        assertThat(heap.body()).isEqualTo("heap");
        ExchangeFixture readOnly = ExchangeFixture.run(GET,
                (q, r) -> r.send(ByteBuffer.wrap("shared".getBytes()).asReadOnlyBuffer()));
        assertThat(readOnly.body()).isEqualTo("shared");
        ExchangeFixture empty = ExchangeFixture.run(GET, (q, r) -> r.send(ByteBuffer.allocateDirect(0)));
        assertThat(empty.head()).contains("Content-Length: 0\r\n");
        assertThat(empty.body()).isEmpty();
        assertThat(empty.response.keepAlive()).isTrue();
    }

    @Test
    void headGetsTheLengthOfASentByteBufferButNoBody() {
        ByteBuffer body = ByteBuffer.allocateDirect(1000);
        ExchangeFixture f = ExchangeFixture.run(HEAD, (q, r) -> r.send(body));
        assertThat(f.head()).contains("Content-Length: 1000\r\n");
        assertThat(f.body()).isEmpty();
        assertThat(f.response.bodyBytes()).isZero();
        assertThat(f.response.keepAlive()).isTrue();
    }

    @Test
    void aSentByteBufferEndsTheBody() {
        List<String> refused = new ArrayList<>();
        ExchangeFixture.run(GET, (q, r) -> {
            r.send(ByteBuffer.wrap("once".getBytes()));
            try {
                r.send(ByteBuffer.wrap("twice".getBytes()));
            } catch (IllegalStateException e) {
                refused.add(e.getMessage());
            }
            try {
                r.body();
            } catch (IllegalStateException e) {
                refused.add(e.getMessage());
            }
        });
        assertThat(refused).containsExactly("the body was already sent", "the body was already sent");
    }

    @Test
    void aLargeContentLengthBodyWrittenInPiecesGoesOutABufferAtATimeAndInOrder() {
        int piece = 64 * 1024;
        int total = 10 * piece + 123;
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.headers().set("Content-Length", Integer.toString(total));
            OutputStream out = r.body();
            for (int sent = 0, i = 0; sent < total; i++) {
                int n = Math.min(piece, total - sent);
                out.write(String.valueOf((char) ('a' + i)).repeat(n).getBytes());
                sent += n;
            }
        });
        StringBuilder expected = new StringBuilder();
        for (int sent = 0, i = 0; sent < total; i++) {
            int n = Math.min(piece, total - sent);
            expected.append(String.valueOf((char) ('a' + i)).repeat(n));
            sent += n;
        }
        assertThat(f.head()).contains("Content-Length: " + total + "\r\n").doesNotContain("chunked");
        assertThat(f.body()).isEqualTo(expected.toString());
        // The head, then 256 KiB at a time: 640 KiB + 123 bytes in 3 writes, not 11.
        assertThat(f.writes).isEqualTo(1 + 3);
        assertThat(f.bodyBuffersOut).isZero();
        assertThat(f.response.bodyBytes()).isEqualTo(total);
        assertThat(f.response.keepAlive()).isTrue();
    }

    @Test
    void flushSendsTheGatheredBytesAtOnce() {
        int total = 512 * 1024;
        byte[] piece = "z".repeat(64 * 1024).getBytes();
        java.util.List<Integer> writesAtFlush = new java.util.ArrayList<>();
        ExchangeFixture[] fixture = new ExchangeFixture[1];
        fixture[0] = ExchangeFixture.prepare(GET, true);
        ExchangeFixture f = fixture[0];
        new Dispatcher((q, r) -> {
            r.headers().set("Content-Length", Integer.toString(total));
            OutputStream out = r.body();
            out.write(piece);
            out.flush();
            writesAtFlush.add(f.writes);
            for (int i = 1; i < 8; i++) {
                out.write(piece);
            }
        }, io.loomicorn.worker.HooksLoader.NONE, new io.loomicorn.hooks.WorkerInfo(1, 1, "test", 0),
                io.loomicorn.logging.AccessLog.NONE, () -> { }).dispatch(f.request, f.response);
        assertThat(writesAtFlush).as("the head and the first piece were written by flush").containsExactly(2);
        assertThat(f.body()).isEqualTo("z".repeat(total));
        assertThat(f.bodyBuffersOut).isZero();
    }

    @Test
    void aSmallStreamedBodyStillGetsAContentLength() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> r.body().write("tiny".getBytes()));
        assertThat(f.head()).contains("Content-Length: 4\r\n").doesNotContain("chunked");
        assertThat(f.body()).isEqualTo("tiny");
    }

    @Test
    void aLongStreamedBodyIsChunkedOnHttp11() {
        String payload = "x".repeat(200);
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            OutputStream out = r.body();
            out.write(payload.getBytes());
            out.flush();
            out.write("end".getBytes());
        });
        assertThat(f.head()).contains("Transfer-Encoding: chunked\r\n").doesNotContain("Content-Length");
        assertThat(f.body()).isEqualTo("c8\r\n" + payload + "\r\n3\r\nend\r\n0\r\n\r\n");
        assertThat(f.response.keepAlive()).isTrue();
    }

    @Test
    void aStreamedBodyOnHttp10EndsWithTheConnection() {
        ExchangeFixture f = ExchangeFixture.run(GET_10, (q, r) -> {
            r.body().write("y".repeat(100).getBytes());
            r.body().flush();
        });
        assertThat(f.head()).startsWith("HTTP/1.0 200 OK").contains("Connection: close\r\n")
                .doesNotContain("Transfer-Encoding", "Content-Length");
        assertThat(f.body()).hasSize(100);
        assertThat(f.response.keepAlive()).isFalse();
    }

    @Test
    void http10KeepAliveIsAnnounced() {
        ExchangeFixture f = ExchangeFixture.run("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                (q, r) -> r.send("ok"));
        assertThat(f.head()).contains("Connection: keep-alive\r\n", "Content-Length: 2\r\n");
        assertThat(f.response.keepAlive()).isTrue();
    }

    @Test
    void headGetsTheLengthButNoBody() {
        ExchangeFixture f = ExchangeFixture.run(HEAD, (q, r) -> r.send("hello"));
        assertThat(f.head()).contains("Content-Length: 5\r\n");
        assertThat(f.body()).isEmpty();
        assertThat(f.response.keepAlive()).isTrue();
    }

    @Test
    void headKeepsTheLengthTheApplicationDeclaredWithoutWritingTheBody() {
        // Spring's resource handler answers HEAD so: Content-Length set, no body written.
        ExchangeFixture declaredOnly = ExchangeFixture.run(HEAD, (q, r) -> r.headers().set("Content-Length", "25"));
        assertThat(declaredOnly.head()).contains("Content-Length: 25\r\n");
        assertThat(declaredOnly.body()).isEmpty();
        ExchangeFixture emptyStream = ExchangeFixture.run(HEAD, (q, r) -> {
            r.headers().set("Content-Length", "25");
            r.body().flush();
        });
        assertThat(emptyStream.head()).contains("Content-Length: 25\r\n");
        assertThat(emptyStream.response.keepAlive()).isTrue();
    }

    @Test
    void noContentCarriesNeitherBodyNorLength() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.status(204);
            r.body().write("dropped".getBytes());
        });
        assertThat(f.head()).startsWith("HTTP/1.1 204 No Content").doesNotContain("Content-Length", "chunked");
        assertThat(f.body()).isEmpty();
    }

    @Test
    void notModifiedCarriesNoBody() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.status(304);
            r.send("dropped");
        });
        assertThat(f.head()).startsWith("HTTP/1.1 304 Not Modified");
        assertThat(f.body()).isEmpty();
    }

    @Test
    void theServerOwnsFramingAndHopByHopFields() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.header("Connection", "keep-alive").header("Transfer-Encoding", "gzip").header("Keep-Alive", "timeout=9")
                    .header("X-App", "1");
            r.send("ok");
        });
        assertThat(f.head()).contains("X-App: 1\r\n", "Content-Length: 2\r\n")
                .doesNotContain("gzip", "timeout=9", "Connection: keep-alive");
    }

    @Test
    void anApplicationsOwnDateAndServerReplaceTheServers() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.header("Server", "acme").header("Date", "Thu, 01 Jan 1970 00:00:00 GMT");
            r.send("ok");
        });
        assertThat(f.head()).contains("Server: acme\r\n", "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n")
                .doesNotContain("Server: loomicorn");
    }

    @Test
    void aDeclaredContentLengthIsEnforced() {
        ExchangeFixture shortBody = ExchangeFixture.run(GET, (q, r) -> {
            r.headers().set("Content-Length", "10");
            r.body().write(new byte[100]); // fills the buffer: commits with the app's length
            r.body().flush();
        });
        assertThat(shortBody.head()).contains("Content-Length: 10\r\n");
        assertThat(shortBody.body()).hasSize(0);
        assertThat(shortBody.response.keepAlive()).isFalse();

        ExchangeFixture truncated = ExchangeFixture.run(GET, (q, r) -> {
            r.headers().set("Content-Length", "1000");
            r.body().write(new byte[100]);
            r.body().flush();
        });
        assertThat(truncated.head()).contains("Content-Length: 1000\r\n");
        assertThat(truncated.response.keepAlive()).as("a short body cannot be followed by another response").isFalse();
    }

    @Test
    void anExceptionBeforeTheCommitIsA500WithoutDetails() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.header("X-Partial", "1");
            throw new IllegalStateException("secret internals");
        });
        assertThat(f.head()).startsWith("HTTP/1.1 500 Internal Server Error").contains("Connection: close\r\n")
                .doesNotContain("X-Partial");
        assertThat(f.text()).doesNotContain("secret", "IllegalStateException", "\tat ");
        assertThat(f.response.keepAlive()).isFalse();
    }

    @Test
    void anExceptionAfterTheCommitClosesTheConnection() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.body().write("x".repeat(100).getBytes());
            r.body().flush();
            throw new IllegalStateException("late");
        });
        assertThat(f.head()).startsWith("HTTP/1.1 200");
        assertThat(f.response.keepAlive()).isFalse();
    }

    @Test
    void statusAndHeadersAreFixedOnceCommitted() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.body().write(new byte[100]);
            r.body().flush();
            assertThatThrownBy(() -> r.status(404)).isInstanceOf(IllegalStateException.class);
            assertThat(r.isCommitted()).isTrue();
        });
        assertThat(f.head()).startsWith("HTTP/1.1 200");
    }

    @Test
    void headerInjectionIsRefused() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> {
            r.header("X-Evil", "a\r\nSet-Cookie: b");
            r.send("never");
        });
        assertThat(f.head()).startsWith("HTTP/1.1 500");
        assertThat(f.text()).doesNotContain("Set-Cookie");
    }

    @Test
    void aWorkerThatIsDrainingClosesAfterTheResponse() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> r.send("bye"), false);
        assertThat(f.head()).contains("Connection: close\r\n");
        assertThat(f.response.keepAlive()).isFalse();
    }

    @Test
    void oneHundredContinueIsSentOnTheFirstReadOnly() {
        ExchangeFixture read = ExchangeFixture.run(
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc",
                (q, r) -> r.send(new String(q.body().readAllBytes())));
        assertThat(read.continues).isEqualTo(1);
        assertThat(read.body()).isEqualTo("abc");
        assertThat(read.response.keepAlive()).isTrue();

        ExchangeFixture unread = ExchangeFixture.run(
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n",
                (q, r) -> r.send("no thanks"));
        assertThat(unread.continues).isZero();
        assertThat(unread.head()).contains("Connection: close\r\n");
    }

    @Test
    void aTimeoutTakesAnUncommittedResponseAway() throws IOException {
        ExchangeFixture f = ExchangeFixture.prepare(GET, true);
        assertThat(f.response.claimForTimeout()).isTrue();
        f.response.writeTimeoutResponse("the request exceeded the 2 s timeout");
        assertThat(f.head()).startsWith("HTTP/1.1 503 Service Unavailable").contains("Connection: close\r\n");
        assertThat(f.body()).isEqualTo("503 Service Unavailable: the request exceeded the 2 s timeout\n");
        assertThatThrownBy(() -> f.response.send("too late")).isInstanceOf(IOException.class)
                .hasMessageContaining("timeout");
        assertThat(f.response.timedOut()).isTrue();
        assertThat(f.response.status()).isEqualTo(503);
    }

    @Test
    void aCommittedResponseCannotBeTakenByATimeout() {
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> r.send("done"));
        assertThat(f.response.claimForTimeout()).isFalse();
        assertThat(f.body()).isEqualTo("done");
    }

    @Test
    void sendFileSendsTheFileWithItsLength(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "file body");
        ExchangeFixture f = ExchangeFixture.run(GET, (q, r) -> r.sendFile(file));
        assertThat(f.head()).contains("Content-Length: 9\r\n");
        assertThat(f.body()).isEqualTo("file body");
    }
}
