package io.loomicorn.http.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that response heads and chunk frames are written into. One
 * instance per connection is reused for every response, so encoding allocates nothing
 * once the array has grown to fit.
 */
public final class ByteWriter {

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final byte[] RELEASED = new byte[0];

    private final int initialCapacity;
    private byte[] bytes;
    private int size;

    /**
     * Creates a writer.
     *
     * @param initialCapacity the first size of the array
     */
    public ByteWriter(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        bytes = new byte[initialCapacity];
    }

    /** Returns the number of bytes written. */
    public int size() {
        return size;
    }

    /** Returns the size of the array: what the writer holds (0 after {@link #release()}). */
    public int capacity() {
        return bytes.length;
    }

    /** Forgets what was written; keeps the array. */
    public void clear() {
        size = 0;
    }

    /**
     * Forgets what was written and gives up the array (an idle connection's); the next
     * write makes one of the initial capacity again. A buffer from {@link #asBuffer()}
     * keeps the bytes it shows.
     */
    public void release() {
        size = 0;
        bytes = RELEASED;
    }

    /** Returns the bytes written, as a buffer that shares the array (valid until the next write). */
    public ByteBuffer asBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /** Returns a copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /**
     * Appends bytes.
     *
     * @param b the bytes
     * @return this writer
     */
    public ByteWriter write(byte[] b) {
        return write(b, 0, b.length);
    }

    /**
     * Appends part of an array.
     *
     * @param b   the array
     * @param off the first byte
     * @param len how many bytes
     * @return this writer
     */
    public ByteWriter write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
        return this;
    }

    /**
     * Appends one byte.
     *
     * @param b the byte
     * @return this writer
     */
    public ByteWriter write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    /**
     * Appends the characters of {@code s} as ISO-8859-1 bytes. Callers pass only
     * strings already checked to be ISO-8859-1 (header names and values are).
     *
     * @param s the text
     * @return this writer
     */
    @SuppressWarnings("deprecation")
    public ByteWriter latin1(String s) {
        int n = s.length();
        ensure(n);
        // String.getBytes(int, int, byte[], int) copies the low 8 bits without a charset
        // lookup or a temporary array; exactly what ISO-8859-1 needs.
        s.getBytes(0, n, bytes, size);
        size += n;
        return this;
    }

    /**
     * Appends a non-negative number in decimal.
     *
     * @param value the number
     * @return this writer
     */
    public ByteWriter decimal(long value) {
        if (value < 10) {
            return write('0' + (int) value);
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        ensure(digits);
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            bytes[i] = DIGITS[(int) (value % 10)];
            value /= 10;
        }
        size = end;
        return this;
    }

    /**
     * Appends a non-negative number in lower-case hexadecimal, as chunk sizes are written.
     *
     * @param value the number
     * @return this writer
     */
    public ByteWriter hex(long value) {
        if (value == 0) {
            return write('0');
        }
        int digits = (67 - Long.numberOfLeadingZeros(value)) / 4;
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            bytes[size + i] = DIGITS[(int) (value & 0xf)];
            value >>>= 4;
        }
        size += digits;
        return this;
    }

    /** Appends CR LF. */
    public ByteWriter crlf() {
        ensure(2);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
        return this;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(Math.max(bytes.length * 2, initialCapacity), size + more));
        }
    }
}
