package io.loomicorn.bench.load;

import java.util.Locale;

/** Number formats shared by the table, the chart and the console. */
final class Format {

    private Format() {
    }

    /** {@code 25,773} */
    static String count(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** {@code 25.8k}, {@code 1.2M}, {@code 312} */
    static String compact(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Microseconds shown as milliseconds with sensible precision: {@code 0.98}, {@code 19.1}, {@code 5012}. */
    static String millis(double micros) {
        if (Double.isNaN(micros)) {
            return "–";
        }
        double ms = micros / 1000;
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%,.0f", ms);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    /** {@code 12.3} */
    static String oneDecimal(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** KiB as MiB: {@code 123} */
    static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f", kib / 1024.0);
    }
}
