package io.loomicorn.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options that every Loomicorn JVM needs (native access for FFM, and the two
 * opens {@link FdChannels} uses), read from {@code required.jvm} beside this class. That
 * file is a java argument file: the launcher passes it as {@code java @required.jvm}, the
 * surefire and failsafe {@code argLine} name it, and the master, the tests and the
 * benchmarks read it here. It is the only place these options are written.
 */
public final class JvmFlags {

    private static final List<String> REQUIRED = read(JvmFlags.class, "required.jvm");

    private JvmFlags() {
    }

    /** Returns the options every Loomicorn JVM needs, in the file's order. */
    public static List<String> required() {
        return REQUIRED;
    }

    /** Returns the required options as one line, for messages that tell a user what to add. */
    public static String requiredLine() {
        return String.join(" ", REQUIRED);
    }

    /**
     * Reads a java argument file shipped as a resource. Only the subset the shipped files
     * use is accepted, so that this reader and the {@code java} launcher cannot disagree:
     * one option per line, {@code #} comments on their own lines, blank lines.
     *
     * @param anchor the class whose package holds the file
     * @param name   the file name, e.g. {@code required.jvm}
     * @return the options, in order
     * @throws IllegalStateException if the file is missing or uses more than that subset
     */
    public static List<String> read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + anchor.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> parse(String text, String name) {
        List<String> options = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '#' || c == '@')) {
                throw new IllegalStateException(name + ":" + (i + 1) + ": one option per line, without quotes,"
                        + " spaces, @ or trailing comments: " + line);
            }
            options.add(line);
        }
        return List.copyOf(options);
    }
}
