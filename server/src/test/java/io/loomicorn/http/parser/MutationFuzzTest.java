package io.loomicorn.http.parser;

import io.loomicorn.http.parser.Replay.Outcome;
import io.loomicorn.http.parser.Vectors.Vector;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutation fuzzing: random byte edits of the corpus (flip, insert, delete, duplicate, and
 * injection of CRLF, LF, CR, NUL, SP, HTAB, ':' and ';') must only ever give requests, a
 * clean end, or the parser's own {@link ParseError}: never an exception, never an endless
 * loop (the replay has an iteration budget), never a buffer beyond
 * {@link ParserConfig#maxHeadBytes()} (checked at every step), and the same outcome for
 * every split of the same mutated input. Seeded; the seed of a failure is in its message.
 */
class MutationFuzzTest {

    private static final List<Vector> VECTORS = Vectors.load(Vectors.ourCorpus());
    private static final byte[][] INJECTIONS = {
        {'\r', '\n'}, {'\n'}, {'\r'}, {0}, {' '}, {'\t'}, {':'}, {';'}, {'\r', '\n', '\r', '\n'}, {'0'}, {'"'},
    };
    private static final long BASE_SEED = 0x10041C04L;
    private static final int ITERATIONS = 6000;

    @Test
    void mutatedVectorsNeverBreakTheParser() {
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = BASE_SEED + i;
            Random rnd = new Random(seed);
            Vector v = VECTORS.get(rnd.nextInt(VECTORS.size()));
            if (v.bytes().length > 4096) {
                continue;
            }
            byte[] mutated = mutate(v.bytes(), rnd);
            ParserConfig config = Vectors.config(v.expectation());
            String what = "seed " + seed + ", " + v + " mutated to " + printable(mutated);
            Outcome whole;
            try {
                whole = Replay.run(mutated, config, Replay.whole(), 8192, false);
                Outcome split = Replay.run(mutated, config, Replay.randomCuts(mutated.length, rnd),
                        1 + rnd.nextInt(64), rnd.nextBoolean());
                assertThat(split).as(what).isEqualTo(whole);
                if (i % 10 == 0) {
                    assertThat(Replay.run(mutated, config, Replay.byteByByte(mutated.length), 7, false))
                            .as(what + ", byte by byte").isEqualTo(whole);
                }
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(what + ": " + e, e);
            }
            if (whole.error() != null) {
                ParseError.Kind kind = ParseError.Kind.valueOf(whole.kind());
                assertThat(whole.status()).as(what).isEqualTo(kind.status());
            }
        }
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in;
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            if (b.length == 0) {
                return b;
            }
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> { // flip bits
                    b = b.clone();
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
                case 1 -> b = splice(b, at, 0, new byte[] {(byte) rnd.nextInt(256)}); // insert a random byte
                case 2 -> b = splice(b, at, Math.min(1 + rnd.nextInt(4), b.length - at), new byte[0]); // delete
                case 3 -> { // duplicate a range
                    int len = Math.min(1 + rnd.nextInt(16), b.length - at);
                    b = splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                }
                case 4 -> b = splice(b, at, 0, INJECTIONS[rnd.nextInt(INJECTIONS.length)]); // inject
                default -> { // overwrite with an injection
                    byte[] inj = INJECTIONS[rnd.nextInt(INJECTIONS.length)];
                    b = splice(b, at, Math.min(inj.length, b.length - at), inj);
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.write(insert, 0, insert.length);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 300); i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return b.length > 300 ? sb + "..." : sb.toString();
    }

    /** A few hand-picked nasty inputs, beyond mutation. */
    @Test
    void adversarialInputs() {
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(new byte[0]);
        inputs.add("\r\n\r\n\r\n".getBytes());
        inputs.add(new byte[5000]);
        inputs.add("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".concat("1\r\na\r\n".repeat(3000)).concat("0\r\n\r\n").getBytes());
        inputs.add("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n".concat("X: y\r\n".repeat(200)).concat("\r\n").getBytes());
        inputs.add("GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(500).getBytes());
        for (byte[] input : inputs) {
            Outcome a = Replay.run(input, ParserConfig.defaults(), Replay.whole(), 100, false);
            Outcome b = Replay.run(input, ParserConfig.defaults(), Replay.randomCuts(input.length, new Random(input.length)), 3, true);
            assertThat(b).isEqualTo(a);
        }
    }
}
