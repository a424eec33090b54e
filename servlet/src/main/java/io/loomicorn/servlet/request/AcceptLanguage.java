package io.loomicorn.servlet.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Parses {@code Accept-Language} (RFC 9110 §12.5.4) into locales, most preferred first. */
public final class AcceptLanguage {

    private AcceptLanguage() {
    }

    private record Weighted(Locale locale, double q, int order) {
    }

    /**
     * Parses the header values.
     *
     * @param headers the values of each {@code Accept-Language} field
     * @return the locales by descending weight (ties in order of appearance); empty if none
     */
    public static List<Locale> parse(List<String> headers) {
        List<Weighted> found = new ArrayList<>();
        for (String header : headers) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String tag = parts[0].strip();
                if (tag.isEmpty() || tag.equals("*")) {
                    continue;
                }
                double q = 1.0;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].strip();
                    if (p.startsWith("q=") || p.startsWith("Q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q > 0) {
                    found.add(new Weighted(Locale.forLanguageTag(tag), q, found.size()));
                }
            }
        }
        found.sort(Comparator.comparingDouble(Weighted::q).reversed().thenComparingInt(Weighted::order));
        return found.stream().map(Weighted::locale).toList();
    }
}
