package io.loomicorn.http.parser;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interned spellings of common request field names, so that materialising a name such as
 * {@code User-Agent} allocates nothing. A name is returned from the table only when its
 * bytes match exactly (case included): names are reported as received.
 *
 * <p>The table holds each name in its usual capitalisation and in lower case (HTTP/2-era
 * clients and many libraries send lower case).
 */
final class HeaderNames {

    private static final String[] COMMON = {
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset",
        "Connection", "Keep-Alive", "Cookie", "Referer", "Origin", "Authorization",
        "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Expect",
        "Cache-Control", "Pragma", "Upgrade", "Upgrade-Insecure-Requests", "DNT", "TE",
        "Trailer", "Range", "If-Match", "If-None-Match", "If-Modified-Since",
        "If-Unmodified-Since", "If-Range", "Via", "Forwarded", "X-Forwarded-For",
        "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Real-IP",
        "X-Request-ID", "X-Requested-With", "Sec-Fetch-Site", "Sec-Fetch-Mode",
        "Sec-Fetch-User", "Sec-Fetch-Dest", "Sec-CH-UA", "Sec-CH-UA-Mobile",
        "Sec-CH-UA-Platform", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Priority", "Date",
        "Max-Forwards", "Proxy-Authorization", "Content-MD5", "Early-Data",
    };

    private static final int SIZE = 512;
    private static final int MASK = SIZE - 1;
    private static final byte[][] KEYS = new byte[SIZE][];
    private static final String[] VALUES = new String[SIZE];
    /** For keys of 8 to 24 bytes: the first, middle (bytes 8-15, 0 when shorter than 17) and last 8 bytes. */
    private static final long[] HEADS = new long[SIZE];
    private static final long[] MIDS = new long[SIZE];
    private static final long[] TAILS = new long[SIZE];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (String name : COMMON) {
            put(name);
            put(name.toLowerCase(java.util.Locale.ROOT));
            put(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private HeaderNames() {
    }

    private static void put(String name) {
        byte[] key = name.getBytes(StandardCharsets.ISO_8859_1);
        int slot = hash(key, 0, key.length) & MASK;
        while (KEYS[slot] != null) {
            if (Arrays.equals(KEYS[slot], key)) {
                return;
            }
            slot = (slot + 1) & MASK;
        }
        KEYS[slot] = key;
        VALUES[slot] = name.intern();
        int n = key.length;
        if (n >= 8 && n <= 24) {
            HEADS[slot] = (long) LONGS.get(key, 0);
            MIDS[slot] = n > 16 ? (long) LONGS.get(key, 8) : 0;
            TAILS[slot] = (long) LONGS.get(key, n - 8);
        }
    }

    /**
     * A constant-time hash of length, first two and last byte: common names differ in those
     * (a loop over every byte cost 9% of a browser GET with all names materialised).
     */
    private static int hash(byte[] a, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return 0;
        }
        int h = n * 0x9E3779B1 + a[from] * 31 + a[from + (n >> 1)] * 961 + a[to - 1] * 29791;
        return h ^ (h >>> 15);
    }

    /**
     * Returns the name in {@code a[from, to)} as a String, interned when it is common.
     *
     * @param a    the head buffer
     * @param from first byte of the name
     * @param to   end of the name (exclusive)
     * @return the name, spelled as received
     */
    static String intern(byte[] a, int from, int to) {
        int slot = hash(a, from, to) & MASK;
        int n = to - from;
        byte[] key;
        if (n >= 8 && n <= 24) {
            // Up to three 8-byte compares instead of a byte loop (the loop was 7% of a
            // browser GET with every name materialised).
            long head = (long) LONGS.get(a, from);
            long mid = n > 16 ? (long) LONGS.get(a, from + 8) : 0;
            long tail = (long) LONGS.get(a, to - 8);
            while ((key = KEYS[slot]) != null) {
                if (key.length == n && HEADS[slot] == head && TAILS[slot] == tail && MIDS[slot] == mid) {
                    return VALUES[slot];
                }
                slot = (slot + 1) & MASK;
            }
            return Latin1.string(a, from, n);
        }
        probe:
        while ((key = KEYS[slot]) != null) {
            if (key.length == n) {
                for (int k = 0; k < n; k++) {
                    if (key[k] != a[from + k]) {
                        slot = (slot + 1) & MASK;
                        continue probe;
                    }
                }
                return VALUES[slot];
            }
            slot = (slot + 1) & MASK;
        }
        return Latin1.string(a, from, n);
    }
}
