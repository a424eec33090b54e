package io.loomicorn.config;

import io.loomicorn.internal.JsonStrings;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the known name nearest to a mistyped one, for "did you mean" hints, and keeps values
 * shown in messages short and on one line.
 *
 * <p>Names are compared after folding case, dropping leading dashes and treating {@code -},
 * {@code _} and {@code .} alike, so that {@code max-requests} finds {@code max_requests} and
 * {@code --max_requests} finds {@code --max-requests}. Then the nearest by edit distance
 * (Levenshtein) wins if it is close enough for the length of the input; failing that, a name
 * that starts with the input.
 */
final class Suggestions {

    /** gunicorn names that Loomicorn renamed, so that the hint points at the new one. */
    private static final Map<String, String> RENAMED = Map.of(
            "pythonpath", "classpath",
            "--pythonpath", "--classpath");

    private static final int MAX_SHOWN = 80;

    private Suggestions() {
    }

    /**
     * Returns {@code "; did you mean 'x'?"} for the candidate nearest to {@code input}, or an
     * empty string when none is near enough.
     */
    static String didYouMean(String input, Collection<String> candidates) {
        return nearest(input, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Returns the candidate nearest to {@code input}, if one is near enough. */
    static Optional<String> nearest(String input, Collection<String> candidates) {
        String renamed = RENAMED.get(input);
        if (renamed != null && candidates.contains(renamed)) {
            return Optional.of(renamed);
        }
        String wanted = normalize(input);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        int threshold = Math.max(1, Math.min(3, wanted.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(wanted, normalize(candidate));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= threshold) {
            return Optional.of(best);
        }
        if (wanted.length() >= 3) {
            return candidates.stream()
                    .filter(c -> normalize(c).startsWith(wanted))
                    .min((a, b) -> Integer.compare(a.length(), b.length()));
        }
        return Optional.empty();
    }

    private static String normalize(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        int start = 0;
        while (start < s.length() && s.charAt(start) == '-') {
            start++;
        }
        return s.substring(start).replace('-', '_').replace('.', '_');
    }

    /** The Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * Makes a value safe to show inside a one-line message: control characters are escaped
     * and text longer than 80 characters is cut with {@code ...}.
     */
    static String abbreviate(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < value.length() && out.length() < MAX_SHOWN; i++) {
            JsonStrings.appendPrintable(out, value.charAt(i));
        }
        return i < value.length() ? out + "..." : out.toString();
    }
}
