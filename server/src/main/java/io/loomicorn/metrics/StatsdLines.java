package io.loomicorn.metrics;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * statsd lines, built exactly as gunicorn's {@code gunicorn/instrument/statsd.py} builds
 * them, so that dashboards made for gunicorn keep working:
 * <ul>
 *   <li>the prefix gets one trailing dot by gunicorn's own rule,
 *       {@code re.sub(r"^(.+[^.]+)\.*$", "\g<1>.", statsd_prefix)}: {@code app} and
 *       {@code app...} become {@code app.}; an empty prefix stays empty (and so does a
 *       one-character prefix, which that rule does not match);</li>
 *   <li>counters are {@code NAME:VALUE|c|@1.0}, gauges {@code NAME:VALUE|g}, timers
 *       {@code NAME:VALUE|ms} with milliseconds written as Python writes a float
 *       ({@code 12.0}, {@code 0.25});</li>
 *   <li>{@code dogstatsd_tags} are appended as {@code |#TAGS}.</li>
 * </ul>
 */
public final class StatsdLines {

    private static final Pattern PREFIX = Pattern.compile("^(.+[^.]+)\\.*$");

    private final String prefix;
    private final String tags;

    /**
     * Creates the line builder.
     *
     * @param prefix {@code statsd_prefix}
     * @param tags   {@code dogstatsd_tags}, or empty
     */
    public StatsdLines(String prefix, String tags) {
        this.prefix = PREFIX.matcher(prefix).replaceFirst("$1.");
        this.tags = tags.isEmpty() ? "" : "|#" + tags;
    }

    /** Returns the prefix as gunicorn applies it. */
    public String prefix() {
        return prefix;
    }

    /**
     * A counter increment, as gunicorn's {@code increment(name, value)}.
     *
     * @param name  e.g. {@code gunicorn.requests}
     * @param value the increment
     * @return the line
     */
    public String counter(String name, long value) {
        return prefix + name + ":" + value + "|c|@1.0" + tags;
    }

    /**
     * A timer that stands for {@code 1 / rate} requests (statsd's sample rate), when the
     * master could not read every duration.
     *
     * @param name   the name
     * @param micros the duration in microseconds
     * @param rate   the share of durations sent, 0 to 1
     * @return the line
     */
    public String sampledTimer(String name, int micros, double rate) {
        return prefix + name + ":" + milliseconds(micros) + "|ms|@" + rate + tags;
    }

    /**
     * A gauge, as gunicorn's {@code gauge(name, value)}.
     *
     * @param name  e.g. {@code gunicorn.workers}
     * @param value the value
     * @return the line
     */
    public String gauge(String name, long value) {
        return prefix + name + ":" + value + "|g" + tags;
    }

    /**
     * A timer, as gunicorn's {@code timer(name, value)} for {@code gunicorn.request.duration}.
     *
     * @param name   the name
     * @param micros the duration in microseconds
     * @return the line
     */
    public String timer(String name, int micros) {
        return prefix + name + ":" + milliseconds(micros) + "|ms" + tags;
    }

    /**
     * Milliseconds as gunicorn computes and Python prints them:
     * {@code seconds * 1000 + microseconds / 10**3}, a float, so always with a decimal point.
     */
    static String milliseconds(int micros) {
        String plain = BigDecimal.valueOf(micros, 3).stripTrailingZeros().toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
}
