package io.loomicorn.logging;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The access log's {@code t} atom: local time in the Common Log Format,
 * {@code [24/Nov/2026:22:29:32 +0000]}.
 *
 * <p>Formatting a date costs more than the rest of an access line, and thousands of lines
 * share each second, so the text of the current second is kept and reused.
 */
final class ClfTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ENGLISH);

    private record Second(long epochSecond, String text) {
    }

    private final ZoneId zone;
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    /**
     * Creates a formatter for a time zone.
     *
     * @param zone the zone; the access log uses the system's, as gunicorn does
     */
    ClfTime(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Returns the text of an instant.
     *
     * @param epochMillis milliseconds since the epoch
     * @return e.g. {@code [24/Nov/2026:22:29:32 +0000]}
     */
    String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second s = last;
        if (s.epochSecond() != second) {
            s = new Second(second, FORMAT.format(Instant.ofEpochSecond(second).atZone(zone)));
            last = s;
        }
        return s.text();
    }
}
