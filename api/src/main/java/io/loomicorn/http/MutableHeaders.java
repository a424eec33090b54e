package io.loomicorn.http;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Headers that an application can change: the headers of a {@link Response}.
 *
 * <p>Every name must be an RFC 9110 token and every value may hold only HTAB, SP,
 * visible ASCII and ISO-8859-1 characters, so that nothing an application writes can
 * split a header or a response. A violation throws {@link IllegalArgumentException}.
 * Instances are not thread-safe.
 */
public final class MutableHeaders implements Headers {

    private String[] names = new String[8];
    private String[] values = new String[8];
    private int size;

    /** Creates an empty collection. */
    public MutableHeaders() {
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String name(int index) {
        return names[checkIndex(index)];
    }

    @Override
    public String value(int index) {
        return values[checkIndex(index)];
    }

    @Override
    public String first(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : values[i];
    }

    @Override
    public List<String> all(String name) {
        List<String> found = new ArrayList<>(2);
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            found.add(values[i]);
        }
        return found;
    }

    /**
     * Appends a field, keeping any field of the same name.
     *
     * @param name  a token
     * @param value a field value
     * @return this collection
     * @throws IllegalArgumentException if the name or the value is not allowed
     */
    public MutableHeaders add(String name, String value) {
        check(name, value);
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
        return this;
    }

    /**
     * Replaces every field of this name by one field with this value.
     *
     * @param name  a token
     * @param value a field value
     * @return this collection
     * @throws IllegalArgumentException if the name or the value is not allowed
     */
    public MutableHeaders set(String name, String value) {
        check(name, value);
        int i = indexOf(name, 0);
        if (i < 0) {
            return add(name, value);
        }
        names[i] = name;
        values[i] = value;
        removeFrom(name, i + 1);
        return this;
    }

    /**
     * Removes every field of this name.
     *
     * @param name a field name, in any case
     * @return {@code true} if a field was removed
     */
    public boolean remove(String name) {
        int before = size;
        removeFrom(name, 0);
        return size != before;
    }

    /** Removes every field. */
    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(values[i]);
        }
        return sb.append(']').toString();
    }

    private void removeFrom(String name, int start) {
        int w = start;
        for (int r = start; r < size; r++) {
            if (!names[r].equalsIgnoreCase(name)) {
                names[w] = names[r];
                values[w] = values[r];
                w++;
            }
        }
        Arrays.fill(names, w, size, null);
        Arrays.fill(values, w, size, null);
        size = w;
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private int checkIndex(int index) {
        return java.util.Objects.checkIndex(index, size);
    }

    private static void check(String name, String value) {
        if (name == null || !HttpChars.isToken(name)) {
            throw new IllegalArgumentException("invalid header name: " + quote(name));
        }
        if (value == null || !HttpChars.isFieldValue(value)) {
            throw new IllegalArgumentException("invalid value for header " + name + ": " + quote(value));
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
