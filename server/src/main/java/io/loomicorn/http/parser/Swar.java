package io.loomicorn.http.parser;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SWAR ("SIMD within a register") skips: test 8 bytes at once with a few long operations
 * instead of one table lookup per byte. Used for field values, the longest runs of a head
 * (cookies, user agents, accept lists).
 *
 * <p>Measured on the 694-byte browser GET of the benchmarks (A/B of two builds in one JVM,
 * interleaved, medians of 120 rounds): 5% faster reading it lazily, 13% with every String
 * made. The byte loop after
 * the skip stays the authority: the skip only stops early, on the first 8-byte word that
 * may hold a byte needing attention, and never passes one.
 */
final class Swar {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long DELS = 0x7f7f7f7f7f7f7f7fL;

    private Swar() {
    }

    /**
     * Returns the index of the first 8-byte word at or after {@code i} that may contain a
     * byte other than SP, VCHAR and obs-text (a control character, HTAB, CR, LF or DEL),
     * or the last index from which fewer than 8 bytes remain before {@code end}.
     */
    static int skipFieldValue(byte[] a, int i, int end) {
        while (i <= end - 8) {
            long x = (long) LONGS.get(a, i);
            // A byte below 0x20: (x - 0x20..) borrows into its high bit; bytes >= 0x80 are
            // masked out by ~x. Borrows only propagate upwards from a byte that is itself
            // below 0x20, so "any" is exact even if positions above it may be flagged too.
            long low = (x - SPACES) & ~x & HIGHS;
            // DEL: a zero byte in x ^ 0x7f..
            long y = x ^ DELS;
            long del = (y - ONES) & ~y & HIGHS;
            if ((low | del) != 0) {
                return i;
            }
            i += 8;
        }
        return i;
    }
}
