package io.loomicorn.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applications' Prometheus text, read strictly and merged: each worker's text is parsed
 * (text format 0.0.4), every sample gets {@code worker="<slot>"} as its first label, and
 * the families of all workers are written once each, their samples together, as the
 * format requires. A worker's text that does not parse, names a {@code loomicorn_} metric,
 * already has a {@code worker} label, or declares a family with another type than an
 * earlier worker did, is refused whole ({@link Invalid}), so that one bad application can
 * never make {@code /metrics} unreadable.
 */
final class AppMetricsText {

    /** Why a worker's text was refused; the message names the line. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    // Go's strconv.ParseFloat, which Prometheus uses, in decimal only.
    private static final Pattern VALUE = Pattern.compile(
            "[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|(?i:inf|infinity))|(?i:nan)");
    private static final Pattern HELP_TEXT = Pattern.compile("(?:[^\\\\]|\\\\[\\\\n])*");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final String RESERVED_PREFIX = "loomicorn_";
    private static final String LABEL = "worker";

    /** One metric family: its name, type, help (or null) and samples, as written. */
    private record Family(String name, String type, String help, List<String> samples) {

        boolean owns(String sample) {
            if (sample.equals(name)) {
                return true;
            }
            return switch (type) {
                case "histogram" -> sample.equals(name + "_bucket") || sample.equals(name + "_sum")
                        || sample.equals(name + "_count") || sample.equals(name + "_created");
                case "summary" -> sample.equals(name + "_sum") || sample.equals(name + "_count")
                        || sample.equals(name + "_created");
                default -> false;
            };
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /**
     * Adds one worker's text, all or nothing.
     *
     * @param text the application's text
     * @param slot the worker's slot, its {@code worker} label
     * @throws Invalid if the text is refused; nothing of it was added
     */
    void add(String text, int slot) throws Invalid {
        Map<String, Family> parsed = parse(text, Integer.toString(slot));
        for (Family f : parsed.values()) {
            Family known = families.get(f.name());
            if (known != null && !known.type().equals(f.type())) {
                throw new Invalid("the family " + f.name() + " is a " + f.type() + " here and a " + known.type()
                        + " in another worker");
            }
        }
        for (Family f : parsed.values()) {
            Family known = families.putIfAbsent(f.name(), f);
            if (known != null) {
                known.samples().addAll(f.samples());
            }
        }
    }

    /** Writes every family added, in the order first seen. */
    void writeTo(StringBuilder out) {
        for (Family f : families.values()) {
            if (f.samples().isEmpty()) {
                continue;
            }
            if (f.help() != null) {
                out.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
            }
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            for (String s : f.samples()) {
                out.append(s).append('\n');
            }
        }
    }

    private static Map<String, Family> parse(String text, String slot) throws Invalid {
        Map<String, Family> parsed = new LinkedHashMap<>();
        Family current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split("[ \t]+", 4);
                boolean help = parts.length >= 3 && parts[1].equals("HELP");
                boolean type = parts.length >= 3 && parts[1].equals("TYPE");
                if (!help && !type) {
                    continue; // a comment (or OpenMetrics' # EOF, # UNIT)
                }
                String name = parts[2];
                checkName(name, number);
                Family f = parsed.get(name);
                if (f == null) {
                    f = new Family(name, "untyped", null, new ArrayList<>());
                } else if (f != current || !f.samples().isEmpty()) {
                    throw new Invalid("line " + number + ": the family " + name + " is declared again");
                }
                if (help) {
                    if (f.help() != null) {
                        throw new Invalid("line " + number + ": a second HELP for " + name);
                    }
                    String doc = parts.length == 4 ? parts[3] : "";
                    if (!HELP_TEXT.matcher(doc).matches()) {
                        throw new Invalid("line " + number + ": a bad escape in the HELP of " + name);
                    }
                    f = new Family(name, f.type(), doc, f.samples());
                } else {
                    String kind = parts.length == 4 ? parts[3].strip() : "";
                    if (!TYPES.contains(kind)) {
                        throw new Invalid("line " + number + ": unknown type '" + kind + "' for " + name);
                    }
                    f = new Family(name, kind, f.help(), f.samples());
                }
                parsed.put(name, f);
                current = f;
                continue;
            }
            Sample sample = Sample.parse(line, number);
            if (current == null || !current.owns(sample.name())) {
                Family earlier = parsed.get(sample.name());
                if (earlier != null && earlier != current) {
                    throw new Invalid("line " + number + ": the samples of " + sample.name() + " are not together");
                }
                if (earlier == null) {
                    current = new Family(sample.name(), "untyped", null, new ArrayList<>());
                    parsed.put(sample.name(), current);
                }
            }
            current.samples().add(sample.withWorker(slot));
        }
        return parsed;
    }

    private static void checkName(String name, int number) throws Invalid {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new Invalid("line " + number + ": '" + name + "' is not a metric name");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw new Invalid("line " + number + ": " + name + " takes a name of Loomicorn's own (" + RESERVED_PREFIX + ")");
        }
    }

    /** One sample line: its name, its labels (values unescaped) and what follows them. */
    private record Sample(String name, List<String[]> labels, String value) {

        static Sample parse(String line, int number) throws Invalid {
            int i = 0;
            int n = line.length();
            while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            String name = line.substring(0, i);
            checkName(name, number);
            List<String[]> labels = new ArrayList<>();
            if (i < n && line.charAt(i) == '{') {
                i = labels(line, i + 1, labels, number);
            }
            String rest = line.substring(i).strip();
            String[] fields = rest.split("[ \t]+");
            if (rest.isEmpty() || fields.length > 2 || !VALUE.matcher(fields[0]).matches()
                    || (fields.length == 2 && !TIMESTAMP.matcher(fields[1]).matches())) {
                throw new Invalid("line " + number + ": '" + rest + "' is not a sample value");
            }
            return new Sample(name, labels, String.join(" ", fields));
        }

        private static int labels(String line, int i, List<String[]> out, int number) throws Invalid {
            Set<String> seen = new HashSet<>();
            int n = line.length();
            while (true) {
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) == '}') {
                    return i + 1;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new Invalid("line " + number + ": a label without '='");
                }
                String label = line.substring(i, eq).strip();
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new Invalid("line " + number + ": '" + label + "' is not a label name");
                }
                if (label.equals(LABEL)) {
                    throw new Invalid("line " + number + ": the label 'worker' is Loomicorn's (the worker's slot)");
                }
                if (!seen.add(label)) {
                    throw new Invalid("line " + number + ": the label " + label + " twice");
                }
                i = eq + 1;
                if (i >= n || line.charAt(i) != '"') {
                    throw new Invalid("line " + number + ": the value of " + label + " is not quoted");
                }
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new Invalid("line " + number + ": the value of " + label + " does not end");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char e = i < n ? line.charAt(i++) : ' ';
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new Invalid("line " + number + ": a bad escape in the value of " + label);
                        }
                    } else {
                        value.append(c);
                    }
                }
                out.add(new String[] {label, value.toString()});
                if (i < n && line.charAt(i) == ',') {
                    i++;
                } else if (i >= n || line.charAt(i) != '}') {
                    throw new Invalid("line " + number + ": labels not separated by ','");
                }
            }
        }

        String withWorker(String slot) {
            StringBuilder s = new StringBuilder(name).append("{worker=\"").append(slot).append('"');
            for (String[] l : labels) {
                s.append(',').append(l[0]).append("=\"");
                for (int i = 0; i < l[1].length(); i++) {
                    char c = l[1].charAt(i);
                    switch (c) {
                        case '\\' -> s.append("\\\\");
                        case '"' -> s.append("\\\"");
                        case '\n' -> s.append("\\n");
                        default -> s.append(c);
                    }
                }
                s.append('"');
            }
            return s.append("} ").append(value).toString();
        }
    }
}
