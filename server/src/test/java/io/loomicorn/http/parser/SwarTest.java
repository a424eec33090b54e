package io.loomicorn.http.parser;

import io.loomicorn.http.HttpChars;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The SWAR skip never passes a byte that is not SP, VCHAR or obs-text. */
class SwarTest {

    private static boolean plain(int b) {
        return b != '\t' && HttpChars.isFieldValue(b);
    }

    @Test
    void everyByteValueAtEveryPositionStopsTheSkip() {
        for (int special = 0; special < 256; special++) {
            for (int at = 0; at < 24; at++) {
                byte[] a = new byte[24];
                Arrays.fill(a, (byte) 'x');
                a[at] = (byte) special;
                int stop = Swar.skipFieldValue(a, 0, a.length);
                if (!plain(special)) {
                    assertThat(stop).as("byte 0x%02x at %d", special, at).isLessThanOrEqualTo(at);
                }
                assertThat(stop).isBetween(0, 24);
            }
        }
    }

    @Test
    void randomInputsNeverSkipPastASpecialByte() {
        Random rnd = new Random(20261124L);
        for (int n = 0; n < 20_000; n++) {
            byte[] a = new byte[rnd.nextInt(40)];
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : 0x20 + rnd.nextInt(0x5f));
            }
            int from = a.length == 0 ? 0 : rnd.nextInt(a.length);
            int stop = Swar.skipFieldValue(a, from, a.length);
            for (int i = from; i < stop; i++) {
                assertThat(plain(a[i] & 0xff)).as("skipped byte 0x%02x at %d", a[i] & 0xff, i).isTrue();
            }
            // it advances in whole words and stops only at a word holding a special byte, or
            // when fewer than 8 bytes remain
            assertThat((stop - from) % 8).isZero();
            if (a.length - stop >= 8) {
                boolean special = false;
                for (int i = stop; i < stop + 8; i++) {
                    special |= !plain(a[i] & 0xff);
                }
                assertThat(special).as("stopped at %d without a special byte in the word", stop).isTrue();
            }
        }
    }
}
