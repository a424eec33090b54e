package io.loomicorn.http.parser;

import com.typesafe.config.Config;
import io.loomicorn.http.parser.Replay.Outcome;
import io.loomicorn.http.parser.Replay.Parsed;
import io.loomicorn.http.parser.Vectors.Vector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every vector of {@code src/test/resources/requests} whole, byte by byte and at
 * seeded random splits, reading bodies with several read sizes, and checks each against its
 * expectation.
 */
class CorpusTest {

    private static final List<Vector> VECTORS = Vectors.load(Vectors.ourCorpus());
    private static final int[] READ_SIZES = {1, 3, 7, 64, 8192, 0};
    private static final int RANDOM_SPLITS = 12;

    @Test
    void corpusIsLargeEnough() {
        long valid = VECTORS.stream().filter(Vector::valid).count();
        long invalid = VECTORS.size() - valid;
        System.out.println("request corpus: " + valid + " valid, " + invalid + " invalid vectors");
        assertThat(valid).isGreaterThanOrEqualTo(40);
        assertThat(invalid).isGreaterThanOrEqualTo(80);
    }

    @Test
    void everyKindIsCovered() {
        Set<ParseError.Kind> seen = EnumSet.noneOf(ParseError.Kind.class);
        for (Vector v : VECTORS) {
            if (!v.valid()) {
                seen.add(ParseError.Kind.valueOf(v.expectation().getString("kind")));
            }
        }
        // HEAD_TOO_LARGE needs a 1 MiB head: RequestParserTest covers it.
        Set<ParseError.Kind> missing = EnumSet.complementOf(EnumSet.copyOf(seen));
        missing.remove(ParseError.Kind.HEAD_TOO_LARGE);
        // The PROXY protocol kinds come from io.loomicorn.proxy, before the parser runs:
        // ProxyProtocolDecoderTest covers them.
        missing.remove(ParseError.Kind.INVALID_PROXY_HEADER);
        missing.remove(ParseError.Kind.PROXY_HEADER_FORBIDDEN);
        assertThat(missing).as("kinds without an invalid vector").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> vectors() {
        return VECTORS.stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> check(v)));
    }

    private static void check(Vector v) {
        ParserConfig config = Vectors.config(v.expectation());
        long seed = v.name().hashCode() * 31L + v.bytes().length;
        Random rnd = new Random(seed);
        List<String> plans = new ArrayList<>();
        List<int[]> cuts = new ArrayList<>();
        plans.add("whole");
        cuts.add(Replay.whole());
        plans.add("byte by byte");
        cuts.add(Replay.byteByByte(v.bytes().length));
        for (int i = 0; i < RANDOM_SPLITS; i++) {
            int[] c = Replay.randomCuts(v.bytes().length, rnd);
            plans.add("random split " + java.util.Arrays.toString(c) + " (seed " + seed + ")");
            cuts.add(c);
        }
        for (int p = 0; p < plans.size(); p++) {
            for (int readLen : READ_SIZES) {
                boolean direct = (p + readLen) % 2 == 1;
                String how = v + ", " + plans.get(p) + ", read " + (readLen == 0 ? "skip" : readLen)
                        + (direct ? ", direct buffer" : "");
                Outcome o = Replay.run(v.bytes(), config, cuts.get(p), readLen, direct);
                if (v.valid()) {
                    checkValid(v.expectation(), o, readLen, how);
                } else {
                    checkInvalid(v.expectation(), o, how);
                }
            }
        }
    }

    private static void checkValid(Config exp, Outcome o, int readLen, String how) {
        assertThat(o.error()).as(how).isNull();
        List<? extends Config> reqs = exp.getConfigList("requests");
        assertThat(o.requests()).as(how + ": number of requests").hasSize(reqs.size());
        for (int i = 0; i < reqs.size(); i++) {
            Config e = reqs.get(i);
            Parsed p = o.requests().get(i);
            String at = how + ", request " + i;
            assertThat(p.method()).as(at + " method").isEqualTo(e.getString("method"));
            assertThat(p.target()).as(at + " target").isEqualTo(e.getString("target"));
            assertThat(p.path()).as(at + " path").isEqualTo(e.getString("path"));
            assertThat(p.query()).as(at + " query").isEqualTo(e.getString("query"));
            assertThat(p.version()).as(at + " version").isEqualTo(e.getString("version"));
            assertThat(p.headers()).as(at + " headers").isEqualTo(pairs(e, "headers"));
            assertThat(p.trailers()).as(at + " trailers").isEqualTo(pairs(e, "trailers"));
            assertThat(p.keepAlive()).as(at + " keepAlive").isEqualTo(e.getBoolean("keepAlive"));
            assertThat(p.expectContinue()).as(at + " expectContinue").isEqualTo(e.getBoolean("expectContinue"));
            assertThat(p.contentLength()).as(at + " contentLength").isEqualTo(e.getLong("contentLength"));
            assertThat(p.chunked()).as(at + " chunked").isEqualTo(e.getBoolean("chunked"));
            assertThat(p.isHead()).as(at + " isHead").isEqualTo(e.getBoolean("isHead"));
            String body = e.hasPath("body") ? e.getString("body")
                    : new String(Base64.getDecoder().decode(e.getString("bodyBase64")), StandardCharsets.ISO_8859_1);
            if (readLen > 0) {
                assertThat(p.body()).as(at + " body").isEqualTo(body);
            } else {
                assertThat(p.body()).as(at + " skipped body").isEqualTo("<" + body.length() + " bytes skipped>");
            }
        }
    }

    static List<List<String>> pairs(Config e, String path) {
        List<List<String>> out = new ArrayList<>();
        for (Object o : e.getList(path).unwrapped()) {
            List<?> pair = (List<?>) o;
            out.add(List.of((String) pair.get(0), (String) pair.get(1)));
        }
        return out;
    }

    private static void checkInvalid(Config exp, Outcome o, String how) {
        assertThat(o.error()).as(how + " (requests parsed: " + o.requests() + ")")
                .isEqualTo(exp.getInt("status") + " " + exp.getString("kind"));
        assertThat(o.requests()).as(how + ": requests before the error").hasSize(exp.getInt("requestsBefore"));
    }
}
