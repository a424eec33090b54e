package io.loomicorn.internal;

/** JSON strings for the little JSON Loomicorn writes by hand (the admin status, the demo app). */
public final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * Appends {@code s} as a JSON string, quoted, with RFC 8259's escapes (and DEL escaped,
     * so that the text stays printable).
     *
     * @param out the text being built
     * @param s   the string
     * @return {@code out}
     */
    public static StringBuilder append(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> appendPrintable(out, c);
            }
        }
        return out.append('"');
    }

    /**
     * Appends {@code c}, or its escape if it is a control character or DEL: {@code \n},
     * {@code \r}, {@code \t}, else {@code \}{@code uXXXX}. JSON's escapes, also used to
     * show a value on one line of a message.
     *
     * @param out the text being built
     * @param c   the character
     */
    public static void appendPrintable(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }
}
