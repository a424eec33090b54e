package io.loomicorn.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into words the way a POSIX shell does, without expansion:
 * whitespace separates words, single quotes keep everything literally, double quotes keep
 * whitespace and let a backslash escape {@code " \ $ `}, and outside quotes a backslash
 * escapes any character. Used for {@code LOOMICORN_CMD_ARGS} (as gunicorn splits
 * {@code GUNICORN_CMD_ARGS}) and for {@code worker_jvm_args}.
 */
final class ShellWords {

    private ShellWords() {
    }

    /**
     * Splits {@code text} into words.
     *
     * @param text the text
     * @return the words, possibly none
     * @throws IllegalArgumentException with the reason when a quote is not closed or the text
     *                                  ends in a lone backslash
     */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote");
                }
                word.append(text, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new IllegalArgumentException("lone backslash at the end");
                }
                word.append(text.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Reads a double-quoted part starting after the quote; returns the index after the closing quote. */
    private static int doubleQuoted(String text, int start, StringBuilder word) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated double quote");
    }
}
