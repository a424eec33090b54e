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
        return out.append('"');
    }
}
