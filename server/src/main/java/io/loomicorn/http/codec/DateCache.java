package io.loomicorn.http.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header line, formatted at most once a second (RFC 9110 §5.6.7
 * IMF-fixdate). Reading it costs one clock read and one volatile load; the formatting
 * happens on the first request of each new second. No background thread is needed.
 */
public final class DateCache {

    // Not DateTimeFormatter.RFC_1123_DATE_TIME: it writes one-digit days ("Tue, 3 Jun"),
    // and IMF-fixdate requires two.
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Entry(long second, String value, byte[] headerLine) {
    }

    private volatile Entry current = format(0);

    /** Returns {@code Date: <now>\r\n} as bytes; the caller must not change the array. */
    public byte[] headerLine() {
        return fresh().headerLine;
    }

    /** Returns the current IMF-fixdate text, e.g. {@code Tue, 24 Nov 2026 22:29:32 GMT}. */
    public String value() {
        return fresh().value;
    }

    private Entry fresh() {
        long second = System.currentTimeMillis() / 1000;
        Entry e = current;
        if (e.second != second) {
            e = format(second);
            current = e;
        }
        return e;
    }

    private static Entry format(long second) {
        String value = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
        return new Entry(second, value, ("Date: " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
}
