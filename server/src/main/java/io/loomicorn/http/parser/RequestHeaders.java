package io.loomicorn.http.parser;

import io.loomicorn.http.Headers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header (or trailer) fields of one request, read lazily from the parser's head buffer.
 *
 * <p>The parser records four offsets per field (name start and end, value start and end,
 * the value already trimmed of SP and HTAB); Strings are made on first access and cached
 * until the next request, so a request whose application reads three fields allocates
 * three values and no names of the common set ({@link HeaderNames}). Lookups by name
 * compare the query against the raw bytes (ASCII case-insensitively) and allocate nothing.
 *
 * <p>One instance is reused by its parser for every request of a connection: it is valid
 * until {@link RequestParser#reset()}. Strings already returned stay valid forever.
 */
final class RequestHeaders implements Headers {

    private static final int INITIAL_FIELDS = 16;
    private static final int[] NO_OFFSETS = new int[0];
    private static final String[] NO_STRINGS = new String[0];
    private static final boolean[] NO_FLAGS = new boolean[0];

    private byte[] buf;
    private int count;
    private int[] offsets = new int[4 * INITIAL_FIELDS];
    private String[] names = new String[INITIAL_FIELDS];
    private String[] values = new String[INITIAL_FIELDS];
    private boolean[] folded = new boolean[INITIAL_FIELDS];
    private boolean anyFolded;
    /** One past the highest index with a cached String: what {@link #clear()} must reset. */
    private int cachedLimit;
    /** Bit {@code n % 64} is set when a field name has {@code n} bytes: see {@link #nameLengths()}. */
    private long nameLengths;
    /**
     * The fields dropped for an underscore in their name ({@code header_map = drop}), kept
     * aside because a trusted proxy may send some ({@code forwarder_headers}); made on first use.
     */
    private RequestHeaders dropped;

    /** The empty set of dropped fields; never written. */
    private static final RequestHeaders NONE_DROPPED = new RequestHeaders();

    RequestHeaders() {
    }

    /** Points at the buffer the offsets refer to; called when the parser's buffer changes. */
    void buffer(byte[] buf) {
        this.buf = buf;
        if (dropped != null) {
            dropped.buffer(buf);
        }
    }

    /** Records a field that is left out of these headers for an underscore in its name. */
    void addDropped(int ns, int ne, int vs, int ve) {
        if (dropped == null) {
            dropped = new RequestHeaders();
            dropped.buffer(buf);
        }
        dropped.add(ns, ne, vs, ve);
    }

    /** Extends the last dropped field over a continuation line, as {@link #extendLast}. */
    void extendLastDropped(int ve) {
        dropped.extendLast(ve);
    }

    /** Returns the fields left out for an underscore in their names; empty when there were none. */
    Headers dropped() {
        return dropped == null ? NONE_DROPPED : dropped;
    }

    /** Forgets every field. */
    void clear() {
        if (dropped != null) {
            dropped.clear();
        }
        String[] n = names;
        String[] v = values;
        for (int i = 0, c = cachedLimit; i < c; i++) {
            n[i] = null;
            v[i] = null;
        }
        cachedLimit = 0;
        if (anyFolded) {
            Arrays.fill(folded, 0, count, false);
            anyFolded = false;
        }
        count = 0;
        nameLengths = 0;
    }

    /** Records a field: name {@code [ns, ne)}, trimmed value {@code [vs, ve)}. */
    void add(int ns, int ne, int vs, int ve) {
        int n = count;
        if (n == names.length) {
            grow();
        }
        int o = n << 2;
        int[] offs = offsets;
        offs[o] = ns;
        offs[o + 1] = ne;
        offs[o + 2] = vs;
        offs[o + 3] = ve;
        count = n + 1;
        nameLengths |= 1L << (ne - ns); // the shift takes the length modulo 64
    }

    /**
     * Returns a summary of the lengths of the field names: bit {@code n % 64} is set when a
     * field name has {@code n} bytes. A caller about to look up several names skips them all
     * when none of their lengths is there: the trusted-proxy check of a request without
     * forwarded headers, on every request of a loopback benchmark, costs one AND instead of
     * eight failed lookups (ProxyResolutionBenchmark on wrk's request: 89 ns with the lookups,
     * 38 ns with the mask, 44 ns for an untrusted peer; minimums of 90 iterations, loaded machine).
     */
    long nameLengths() {
        return nameLengths;
    }

    /**
     * Gives up the tables of a cleared instance (an idle connection's, 470 bytes); the next
     * {@link #add} makes them again.
     */
    void release() {
        clear();
        offsets = NO_OFFSETS;
        names = NO_STRINGS;
        values = NO_STRINGS;
        folded = NO_FLAGS;
        dropped = null;
    }

    private void grow() {
        int cap = Math.max(INITIAL_FIELDS, names.length * 2);
        offsets = Arrays.copyOf(offsets, 4 * cap);
        names = Arrays.copyOf(names, cap);
        values = Arrays.copyOf(values, cap);
        folded = Arrays.copyOf(folded, cap);
    }

    /**
     * Extends the value of the last field over a continuation line (obs-fold); its value
     * is then made by {@link #joinFolded} when first read.
     */
    void extendLast(int ve) {
        int last = count - 1;
        offsets[(last << 2) + 3] = ve;
        folded[last] = true;
        anyFolded = true;
    }

    int nameStart(int i) {
        return offsets[i << 2];
    }

    int nameEnd(int i) {
        return offsets[(i << 2) + 1];
    }

    int valueStart(int i) {
        return offsets[(i << 2) + 2];
    }

    int valueEnd(int i) {
        return offsets[(i << 2) + 3];
    }

    boolean isFolded(int i) {
        return anyFolded && folded[i];
    }

    byte[] buffer() {
        return buf;
    }

    /**
     * Tells whether the name of field {@code i} equals {@code lower}, a lower-case constant
     * made of letters and {@code -}, ignoring ASCII case. Setting bit 0x20 lower-cases a
     * letter and leaves {@code -} alone; no other token byte maps onto a letter or {@code -}.
     */
    boolean nameEquals(int i, byte[] lower) {
        int o = i << 2;
        int ns = offsets[o];
        int n = lower.length;
        if (offsets[o + 1] - ns != n) {
            return false;
        }
        byte[] a = buf;
        for (int k = 0; k < n; k++) {
            if ((a[ns + k] | 0x20) != lower[k]) {
                return false;
            }
        }
        return true;
    }

    /** Returns the index of the first field named {@code name} at or after {@code from}, or -1. */
    int indexOf(String name, int from) {
        int n = name.length();
        int[] offs = offsets;
        byte[] a = buf;
        outer:
        for (int i = from, c = count; i < c; i++) {
            int o = i << 2;
            int ns = offs[o];
            if (offs[o + 1] - ns != n) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                int x = a[ns + k] & 0xff;
                int y = name.charAt(k);
                if (x != y) {
                    // ASCII case-insensitive: equal after folding A-Z to a-z.
                    if (x >= 'A' && x <= 'Z') {
                        x += 32;
                    }
                    if (y >= 'A' && y <= 'Z') {
                        y += 32;
                    }
                    if (x != y) {
                        continue outer;
                    }
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public String name(int index) {
        checkIndex(index);
        String s = names[index];
        if (s == null) {
            int o = index << 2;
            s = HeaderNames.intern(buf, offsets[o], offsets[o + 1]);
            names[index] = s;
            if (index >= cachedLimit) {
                cachedLimit = index + 1;
            }
        }
        return s;
    }

    @Override
    public String value(int index) {
        checkIndex(index);
        String s = values[index];
        if (s == null) {
            int o = index << 2;
            int vs = offsets[o + 2];
            int ve = offsets[o + 3];
            s = isFolded(index) ? joinFolded(buf, vs, ve)
                    : Latin1.string(buf, vs, ve - vs);
            values[index] = s;
            if (index >= cachedLimit) {
                cachedLimit = index + 1;
            }
        }
        return s;
    }

    /**
     * Returns {@link #value(int)}, but returns {@code candidate} itself (and caches it) when
     * it has exactly the value's characters, so a String repeated on every request of a
     * connection is not copied again.
     */
    String valueReusing(int index, String candidate) {
        checkIndex(index);
        String s = values[index];
        if (s != null || candidate == null || isFolded(index)) {
            return s != null ? s : value(index);
        }
        int o = index << 2;
        int vs = offsets[o + 2];
        int n = offsets[o + 3] - vs;
        if (candidate.length() != n) {
            return value(index);
        }
        byte[] a = buf;
        for (int k = 0; k < n; k++) {
            if ((a[vs + k] & 0xff) != candidate.charAt(k)) {
                return value(index);
            }
        }
        values[index] = candidate;
        if (index >= cachedLimit) {
            cachedLimit = index + 1;
        }
        return candidate;
    }

    @Override
    public String first(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : value(i);
    }

    @Override
    public List<String> all(String name) {
        int i = indexOf(name, 0);
        if (i < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        while (i >= 0) {
            out.add(value(i));
            i = indexOf(name, i + 1);
        }
        return out;
    }

    @Override
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("field " + index + " of " + count);
        }
    }

    /**
     * Joins an obs-fold value: each line trimmed of SP and HTAB, lines joined with one SP,
     * and the result trimmed again (RFC 9112 §5.2: replace each obs-fold with SP).
     */
    static String joinFolded(byte[] a, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int lineStart = from;
        boolean firstLine = true;
        for (int i = from; i <= to; i++) {
            boolean lineEnd = i == to || (a[i] == '\r' && i + 1 < to && a[i + 1] == '\n');
            if (!lineEnd) {
                continue;
            }
            int s = lineStart;
            int e = i;
            while (s < e && (a[s] == ' ' || a[s] == '\t')) {
                s++;
            }
            while (e > s && (a[e - 1] == ' ' || a[e - 1] == '\t')) {
                e--;
            }
            if (!firstLine) {
                sb.append(' ');
            }
            firstLine = false;
            for (int k = s; k < e; k++) {
                sb.append((char) (a[k] & 0xff));
            }
            lineStart = i + 2;
            i++;
        }
        int s = 0;
        int e = sb.length();
        while (s < e && sb.charAt(s) == ' ') {
            s++;
        }
        while (e > s && sb.charAt(e - 1) == ' ') {
            e--;
        }
        return sb.substring(s, e);
    }

    /** Returns the fields as {@code [name: value, ...]}, for debugging. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(name(i)).append(": ").append(value(i));
        }
        return sb.append(']').toString();
    }
}
