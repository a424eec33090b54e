package io.loomicorn.http.parser;

import io.loomicorn.http.Headers;
import io.loomicorn.http.HttpVersion;
import io.loomicorn.http.parser.ParseError.Kind;
import io.loomicorn.http.parser.RequestParser.Status;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser's contract with the engines, beyond what the corpus checks. */
class RequestParserTest {

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void completeLeavesThePositionAtTheBodyAndTheNextRequest() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(p.isIdle()).isTrue();
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(p.isIdle()).isFalse();
        assertThat(in.position()).isEqualTo(48);
        assertThat(p.head().headLength()).isEqualTo(48);
        byte[] dst = new byte[10];
        assertThat(p.body().read(in, dst, 2, 10 - 2)).isEqualTo(3);
        assertThat(new String(dst, 2, 3, StandardCharsets.ISO_8859_1)).isEqualTo("abc");
        assertThat(p.body().isComplete()).isTrue();
        assertThat(p.body().read(in, dst, 0, 10)).isEqualTo(BodyDecoder.END);
        assertThat(in.position()).isEqualTo(51);
        p.reset();
        assertThat(p.isIdle()).isTrue();
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(p.head().target()).isEqualTo("/b");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void droppedUnderscoreFieldsAreKeptAsideForTrustedForwarderHeaders() {
        RequestParser p = new RequestParser(ParserConfig.defaults().withPermitObsoleteFolding(true));
        ByteBuffer in = buf("GET /a HTTP/1.1\r\nSCRIPT_NAME: /app\r\nHost: x\r\nX_Y: 1\r\n  2\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(Replay.fields(p.head().headers())).containsExactly(java.util.List.of("Host", "x"));
        Headers aside = p.head().underscoreFields();
        assertThat(Replay.fields(aside)).containsExactly(java.util.List.of("SCRIPT_NAME", "/app"),
                java.util.List.of("X_Y", "1 2"));
        assertThat(aside.first("script_name")).isEqualTo("/app");
        p.reset();
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(p.head().underscoreFields().isEmpty()).isTrue();
        RequestParser dangerous = new RequestParser(ParserConfig.defaults().withHeaderMap(ParserConfig.HeaderMap.DANGEROUS));
        assertThat(dangerous.parse(buf("GET / HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n\r\n"))).isEqualTo(Status.COMPLETE);
        assertThat(dangerous.head().headers().first("SCRIPT_NAME")).isEqualTo("/app");
        assertThat(dangerous.head().underscoreFields().isEmpty()).isTrue();
    }

    @Test
    void fieldNameLengthsSumUpTheNamesOfTheHeadersOnly() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        String longName = "X-" + "a".repeat(68); // 70 bytes: bit 70 % 64 = 6
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n" + longName + ": 1\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(p.head().fieldNameLengths()).isEqualTo(1L << 4 | 1L << 6);
        p.reset();
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(p.head().fieldNameLengths()).isEqualTo(1L << 4);
    }

    @Test
    void completeIsIdempotentUntilReset() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        int at = in.position();
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(in.position()).isEqualTo(at);
    }

    @Test
    void headAndBodyNeedACompleteHead() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        assertThatThrownBy(p::head).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(p::body).isInstanceOf(IllegalStateException.class);
        assertThat(p.parse(buf("GET / HT"))).isEqualTo(Status.NEED_MORE);
        assertThatThrownBy(p::head).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void resetRefusesAnUnreadBody() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhel");
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThatThrownBy(p::reset).isInstanceOf(IllegalStateException.class);
        assertThat(p.body().skip(in)).isEqualTo(3);
        assertThat(p.body().skip(in)).isEqualTo(BodyDecoder.NEED_MORE);
        assertThat(p.body().skip(buf("lo"))).isEqualTo(2);
        p.reset();
        assertThat(p.isIdle()).isTrue();
    }

    @Test
    void readValidatesItsArguments() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        p.parse(in);
        assertThatThrownBy(() -> p.body().read(in, new byte[4], 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.body().read(in, new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void errorsAreStickyAndSurviveReset() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost : x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.ERROR);
        ParseError e = p.error();
        assertThat(e.kind()).isEqualTo(Kind.WHITESPACE_BEFORE_COLON);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.reason()).isEqualTo("Bad Request");
        assertThat(e.closeAfter()).isTrue();
        assertThat(e.safeToEcho()).isFalse();
        p.reset();
        int at = in.position();
        assertThat(p.parse(in)).isEqualTo(Status.ERROR);
        assertThat(in.position()).isEqualTo(at);
        assertThat(p.error()).isSameAs(e);
        assertThat(p.endOfInput()).isSameAs(e);
    }

    @Test
    void bodyErrorsPutTheParserInError() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZ\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(p.body().read(in, new byte[8], 0, 8)).isEqualTo(BodyDecoder.ERROR);
        assertThat(p.body().error().kind()).isEqualTo(Kind.INVALID_CHUNK_SIZE);
        assertThat(p.error()).isSameAs(p.body().error());
        assertThat(p.body().read(in, new byte[8], 0, 8)).isEqualTo(BodyDecoder.ERROR);
        p.reset();
        assertThat(p.parse(buf("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))).isEqualTo(Status.ERROR);
    }

    @Test
    void endOfInputTellsCleanCloseFromTruncation() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        assertThat(p.endOfInput()).isNull();
        RequestParser q = new RequestParser(ParserConfig.defaults());
        q.parse(buf("\r\n"));
        assertThat(q.isIdle()).isTrue();
        assertThat(q.endOfInput()).isNull();
        RequestParser r = new RequestParser(ParserConfig.defaults());
        r.parse(buf("G"));
        assertThat(r.isIdle()).isFalse();
        assertThat(r.endOfInput().kind()).isEqualTo(Kind.TRUNCATED_HEAD);
        RequestParser s = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        s.parse(in);
        assertThat(s.body().read(in, new byte[1], 0, 1)).isEqualTo(BodyDecoder.END);
        assertThat(s.endOfInput()).isNull();
    }

    @Test
    void headAccessors() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("GET /a%20b?x=1#frag HTTP/1.1\r\nHost: Example.COM:8080\r\nX-A: 1\r\nx-a: 2\r\n"
                + "Expect: 100-continue\r\n\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        RequestHead h = p.head();
        assertThat(h.method()).isSameAs("GET");
        assertThat(h.target()).isEqualTo("/a%20b?x=1#frag");
        assertThat(h.path()).isEqualTo("/a b");
        assertThat(h.query()).isEqualTo("x=1");
        assertThat(h.fragment()).isEqualTo("frag");
        assertThat(h.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(h.host()).isEqualTo("Example.COM:8080");
        assertThat(h.keepAlive()).isTrue();
        assertThat(h.expectContinue()).isTrue();
        assertThat(h.isHead()).isFalse();
        assertThat(h.contentLength()).isZero();
        assertThat(h.chunked()).isFalse();
        assertThat(h.toString()).isEqualTo("GET /a%20b?x=1#frag HTTP/1.1");
        // Strings are cached for the request.
        assertThat(h.path()).isSameAs(h.path());
        assertThat(h.target()).isSameAs(h.target());
    }

    @Test
    void pathWithoutEscapesIsTheTargetItself() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        p.parse(buf("GET /plain/path HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(p.head().path()).isSameAs(p.head().target());
        assertThat(p.head().query()).isEmpty();
    }

    @Test
    void headersAreCaseInsensitiveOrderedAndMultiValued() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        p.parse(buf("GET / HTTP/1.1\r\nHost: x\r\nAccept: a\r\nX-Custom-Name: v\r\nACCEPT: b\r\n\r\n"));
        Headers h = p.head().headers();
        assertThat(h.size()).isEqualTo(4);
        assertThat(h.isEmpty()).isFalse();
        assertThat(h.name(0)).isSameAs("Host");
        assertThat(h.name(3)).isEqualTo("ACCEPT");
        assertThat(h.first("accept")).isEqualTo("a");
        assertThat(h.all("Accept")).containsExactly("a", "b");
        assertThat(h.all("missing")).isEmpty();
        assertThat(h.first("missing")).isNull();
        assertThat(h.contains("x-custom-name")).isTrue();
        assertThat(h.contains("x-custom-nam")).isFalse();
        assertThat(h.value(2)).isSameAs(h.value(2));
        assertThatThrownBy(() -> h.name(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> h.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        StringBuilder seen = new StringBuilder();
        h.forEach((n, v) -> seen.append(n).append('=').append(v).append(';'));
        assertThat(seen).hasToString("Host=x;Accept=a;X-Custom-Name=v;ACCEPT=b;");
    }

    @Test
    void headersOfTheNextRequestReplaceThePrevious() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: one\r\nA: 1\r\n\r\nGET / HTTP/1.1\r\nHost: two\r\n\r\n");
        p.parse(in);
        String first = p.head().host();
        assertThat(p.head().headers().value(1)).isEqualTo("1");
        p.body().read(in, new byte[1], 0, 1);
        p.reset();
        p.parse(in);
        assertThat(first).isEqualTo("one");
        assertThat(p.head().host()).isEqualTo("two");
        assertThat(p.head().headers().size()).isEqualTo(1);
        assertThat(p.head().headers().first("A")).isNull();
    }

    @Test
    void trailersAreAvailableAfterEnd() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 42\r\n\r\n");
        p.parse(in);
        BodyDecoder b = p.body();
        assertThat(p.head().contentLength()).isEqualTo(-1);
        assertThat(b.trailers().size()).isZero();
        byte[] dst = new byte[16];
        assertThat(b.read(in, dst, 0, 16)).isEqualTo(3);
        assertThat(b.read(in, dst, 0, 16)).isEqualTo(BodyDecoder.END);
        assertThat(b.trailers().first("x-sum")).isEqualTo("42");
    }

    @Test
    void wholeHeadLimitIsEnforced() {
        // Unlimited field size and count: the 1 MiB hard bound still applies.
        ParserConfig config = ParserConfig.defaults().withLimitRequestFields(0).withLimitRequestFieldSize(0);
        assertThat(config.maxHeadBytes()).isEqualTo(ParserConfig.HARD_HEAD_LIMIT);
        RequestParser p = new RequestParser(config);
        String field = "X: " + "v".repeat(60_000) + "\r\n";
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: x\r\n" + field.repeat(20) + "\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.ERROR);
        assertThat(p.error().kind()).isEqualTo(Kind.HEAD_TOO_LARGE);
        assertThat(p.error().status()).isEqualTo(431);
        assertThat(p.bufferCapacity()).isLessThanOrEqualTo(ParserConfig.HARD_HEAD_LIMIT);
    }

    @Test
    void unlimitedLineIsStillBounded() {
        RequestParser p = new RequestParser(ParserConfig.defaults().withLimitRequestFieldSize(0));
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: x\r\nX: " + "v".repeat(ParserConfig.HARD_LINE_LIMIT) + "\r\n\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.ERROR);
        assertThat(p.error().kind()).isEqualTo(Kind.FIELD_TOO_LARGE);
    }

    @Test
    void largeHeadBufferIsReleasedOnReset() {
        RequestParser p = new RequestParser(ParserConfig.defaults().withLimitRequestFieldSize(0));
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: x\r\nX: " + "v".repeat(60_000) + "\r\n\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        assertThat(p.bufferCapacity()).isGreaterThan(60_000);
        p.body().read(in, new byte[1], 0, 1);
        p.reset();
        assertThat(p.bufferCapacity()).isEqualTo(2048);
    }

    @Test
    void anIdleParserGivesUpItsBuffersAndParsesTheNextHeadsInNewOnes() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        assertThat(p.parse(buf("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"))).isEqualTo(Status.COMPLETE);
        assertThat(p.releaseBuffers()).as("a complete head holds its buffer").isFalse();
        p.reset();
        assertThat(p.releaseBuffers()).isTrue();
        assertThat(p.bufferCapacity()).isZero();
        assertThat(p.releaseBuffers()).isFalse();
        // A head several times the new buffer's size, with more fields than the first
        // tables held, grows both as the first head did.
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            fields.append("F").append(i).append(": ").append(i).append("\r\n");
        }
        String big = "GET /b HTTP/1.1\r\nHost: x\r\nX-Long: " + "v".repeat(5000) + "\r\n" + fields + "\r\n";
        ByteBuffer in = buf(big.substring(0, 10));
        assertThat(p.parse(in)).isEqualTo(Status.NEED_MORE);
        assertThat(p.releaseBuffers()).as("part of a head arrived").isFalse();
        assertThat(p.parse(buf(big.substring(10)))).isEqualTo(Status.COMPLETE);
        assertThat(p.head().target()).isEqualTo("/b");
        assertThat(p.head().headers().first("X-Long")).hasSize(5000);
        assertThat(p.head().headers().size()).isEqualTo(42);
        assertThat(p.head().headers().first("F39")).isEqualTo("39");
        p.reset();
        assertThat(p.releaseBuffers()).isTrue();
        assertThat(p.parse(buf("GET /c HTTP/1.1\r\nHost: y\r\n\r\n"))).isEqualTo(Status.COMPLETE);
        assertThat(p.head().headers().first("Host")).isEqualTo("y");
        assertThat(p.bufferCapacity()).as("about twice the last head's size, at least 512 bytes").isBetween(512, 16 * 1024);
    }

    @Test
    void theChunkedDecoderIsMadeAtTheFirstChunkedHead() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        assertThat(p.trailerBufferCapacity()).isZero();
        ByteBuffer in = buf("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nT: v\r\n\r\n");
        assertThat(p.parse(in)).isEqualTo(Status.COMPLETE);
        byte[] out = new byte[8];
        assertThat(p.body().read(in, out, 0, 8)).isEqualTo(1);
        assertThat(out[0]).isEqualTo((byte) 'a');
    }

    @Test
    void errorMessagesAreOneLineAndQuoteSafely() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        p.parse(buf("G<\u00ff>\r\n / HTTP/1.1\r\n"));
        ParseError e = p.error();
        assertThat(e.kind()).isEqualTo(Kind.INVALID_METHOD);
        assertThat(e.message()).isEqualTo("Invalid method: 'G\\x3c'");
        assertThat(e.safeToEcho()).isFalse();
        ParseError fixed = ParseError.of(Kind.MISSING_HOST);
        assertThat(fixed.safeToEcho()).isTrue();
        assertThat(fixed.toString()).isEqualTo("400 MISSING_HOST: Missing Host header");
        assertThat(fixed).isEqualTo(ParseError.of(Kind.MISSING_HOST)).hasSameHashCodeAs(ParseError.of(Kind.MISSING_HOST));
        assertThat(fixed).isNotEqualTo(ParseError.of(Kind.MISSING_HOST, "detail"));
    }

    @Test
    void everyKindHasAStatusAndReason() {
        for (Kind k : Kind.values()) {
            ParseError e = ParseError.of(k);
            assertThat(e.status()).isIn(400, 403, 413, 414, 417, 431, 501, 505);
            assertThat(e.reason()).isNotBlank();
            assertThat(e.message()).isEqualTo(k.text());
        }
        assertThat(ParseError.of(Kind.BODY_TOO_LARGE).reason()).isEqualTo("Content Too Large");
        assertThat(ParseError.of(Kind.REQUEST_LINE_TOO_LONG).reason()).isEqualTo("URI Too Long");
        assertThat(ParseError.of(Kind.UNSUPPORTED_TRANSFER_CODING).reason()).isEqualTo("Not Implemented");
        assertThat(ParseError.of(Kind.UNSUPPORTED_VERSION).reason()).isEqualTo("HTTP Version Not Supported");
        assertThat(ParseError.of(Kind.EXPECTATION_FAILED).reason()).isEqualTo("Expectation Failed");
        assertThat(ParseError.of(Kind.TOO_MANY_FIELDS).reason()).isEqualTo("Request Header Fields Too Large");
        assertThat(ParseError.of(Kind.PROXY_HEADER_FORBIDDEN).reason()).isEqualTo("Forbidden");
    }

    @Test
    void configNormalisesLikeTheSettings() {
        ParserConfig d = ParserConfig.defaults();
        assertThat(d.withLimitRequestLine(0).limitRequestLine()).isZero();
        assertThat(d.withLimitRequestLine(0).effectiveRequestLineLimit()).isEqualTo(ParserConfig.HARD_LINE_LIMIT);
        assertThat(d.withLimitRequestLine(9000).limitRequestLine()).isEqualTo(8190);
        assertThat(d.withLimitRequestFields(0).limitRequestFields()).isEqualTo(32768);
        assertThat(d.withLimitRequestFields(40000).limitRequestFields()).isEqualTo(32768);
        assertThat(d.withLimitRequestFieldSize(0).limitRequestFieldSize()).isZero();
        assertThat(d.withLimitRequestFieldSize(0).effectiveFieldSizeLimit()).isEqualTo(ParserConfig.HARD_LINE_LIMIT);
        assertThat(d.withLimitRequestFieldSize(1 << 20).limitRequestFieldSize()).isEqualTo(ParserConfig.HARD_LINE_LIMIT);
        assertThat(d.effectiveBodyLimit()).isEqualTo(Long.MAX_VALUE);
        assertThat(d.withLimitRequestBody(10).effectiveBodyLimit()).isEqualTo(10);
        assertThat(d.maxHeadBytes()).isEqualTo(2 + 4094 + 2 + 100 * 8190 + 2);
        assertThat(d.withHeaderMap(ParserConfig.HeaderMap.REFUSE).headerMap()).isEqualTo(ParserConfig.HeaderMap.REFUSE);
        assertThat(d.withPermitObsoleteFolding(true).permitObsoleteFolding()).isTrue();
        assertThat(d.withCasefoldHttpMethod(true).casefoldHttpMethod()).isTrue();
        assertThat(d.withPermitUnconventionalHttpMethod(true).permitUnconventionalHttpMethod()).isTrue();
        assertThat(d.withPermitUnconventionalHttpVersion(true).permitUnconventionalHttpVersion()).isTrue();
        assertThatThrownBy(() -> d.withLimitRequestLine(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withLimitRequestBody(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withHeaderMap(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void chunkedReadFillsTheDestinationAcrossChunks() {
        RequestParser p = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = buf("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\nNEXT");
        p.parse(in);
        byte[] dst = new byte[16];
        assertThat(p.body().read(in, dst, 0, 16)).isEqualTo(7);
        assertThat(new String(dst, 0, 7, StandardCharsets.ISO_8859_1)).isEqualTo("abcdefg");
        assertThat(p.body().isComplete()).isTrue();
        assertThat(p.body().read(in, dst, 0, 16)).isEqualTo(BodyDecoder.END);
        assertThat(in.remaining()).isEqualTo(4);
    }
}
