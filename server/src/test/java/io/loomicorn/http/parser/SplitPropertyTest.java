package io.loomicorn.http.parser;

import io.loomicorn.http.parser.Replay.Outcome;
import io.loomicorn.http.parser.Vectors.Vector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: any split of any vector of the corpus, read with any body read size, on a heap
 * or a direct buffer, gives exactly the outcome of the whole input read at once. jqwik
 * prints the seed and shrinks the cut points of a failing case.
 */
class SplitPropertyTest {

    private static final List<Vector> VECTORS = Vectors.load(Vectors.ourCorpus());

    record Case(Vector vector, int[] cuts, int readLen, boolean direct) {
        @Override
        public String toString() {
            return vector + " cuts=" + java.util.Arrays.toString(cuts) + " read=" + readLen + (direct ? " direct" : "");
        }
    }

    @Property(tries = 400)
    void anySplitParsesIdentically(@ForAll("cases") Case c) {
        ParserConfig config = Vectors.config(c.vector().expectation());
        Outcome whole = Replay.run(c.vector().bytes(), config, Replay.whole(), 8192, false);
        Outcome split = Replay.run(c.vector().bytes(), config, c.cuts(), c.readLen(), c.direct());
        if (c.readLen() > 0) {
            assertThat(split).isEqualTo(whole);
        } else {
            assertThat(split.error()).isEqualTo(whole.error());
            assertThat(split.requests()).hasSameSizeAs(whole.requests());
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Vector> vector = Arbitraries.of(VECTORS);
        return vector.flatMap(v -> {
            int n = v.bytes().length;
            Arbitrary<int[]> cuts = n < 2 ? Arbitraries.just(new int[0])
                    : Arbitraries.integers().between(1, n - 1).set().ofMaxSize(Math.min(n - 1, 40))
                    .map(s -> s.stream().mapToInt(Integer::intValue).sorted().toArray());
            return Combinators.combine(cuts, Arbitraries.of(0, 1, 2, 5, 13, 100, 8192), Arbitraries.of(true, false))
                    .as((k, r, d) -> new Case(v, k, r, d));
        });
    }
}
