package io.loomicorn.http.parser;

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

    private static final int SIZE = 256;
    private static final int MASK = SIZE - 1;
    private static final byte[][] KEYS = new byte[SIZE][];
    private static final String[] VALUES = new String[SIZE];

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
    }

    private static int hash(byte[] a, int from, int to) {
        int h = to - from;
        for (int i = from; i < to; i++) {
            h = 31 * h + a[i];
        }
        return h ^ (h >>> 11);
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
        byte[] key;
        while ((key = KEYS[slot]) != null) {
            if (Arrays.equals(key, 0, key.length, a, from, to)) {
                return VALUES[slot];
            }
            slot = (slot + 1) & MASK;
        }
        return new String(a, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
