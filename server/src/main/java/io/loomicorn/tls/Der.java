package io.loomicorn.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few DER (ITU-T X.690) operations that key loading needs: reading tag-length-value
 * elements, and writing them, to wrap PKCS#1 and SEC1 keys into PKCS#8 by hand.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]}, constructed: SEC1's {@code parameters}. */
    static final int CONTEXT_0 = 0xA0;

    private Der() {
    }

    /** A DER error: the bytes are not the structure expected. */
    static final class DerException extends Exception {
        private static final long serialVersionUID = 1L;

        DerException(String message) {
            super(message);
        }
    }

    /**
     * One element.
     *
     * @param tag   the tag byte (only one-byte tags are read)
     * @param bytes the whole input
     * @param start the offset of the tag
     * @param value the offset of the value
     * @param end   the offset just past the value
     */
    record Element(int tag, byte[] bytes, int start, int value, int end) {

        /** Returns a copy of the value. */
        byte[] valueBytes() {
            return Arrays.copyOfRange(bytes, value, end);
        }

        /** Returns a copy of the whole element, tag and length included. */
        byte[] encoded() {
            return Arrays.copyOfRange(bytes, start, end);
        }

        /** Reads the elements inside a constructed element such as a SEQUENCE. */
        List<Element> children() throws DerException {
            List<Element> out = new ArrayList<>();
            for (int at = value; at < end; ) {
                Element child = read(bytes, at, end);
                out.add(child);
                at = child.end;
            }
            return out;
        }

        /** Returns the value of an OBJECT IDENTIFIER in dotted form, e.g. {@code 1.2.840.10045.2.1}. */
        String oid() throws DerException {
            if (tag != OID || end == value) {
                throw new DerException("expected an object identifier");
            }
            StringBuilder sb = new StringBuilder();
            long part = 0;
            boolean first = true;
            for (int i = value; i < end; i++) {
                part = (part << 7) | (bytes[i] & 0x7f);
                if ((bytes[i] & 0x80) == 0) {
                    if (first) {
                        int head = (int) Math.min(2, part / 40);
                        sb.append(head).append('.').append(part - 40L * head);
                        first = false;
                    } else {
                        sb.append('.').append(part);
                    }
                    part = 0;
                }
            }
            return sb.toString();
        }
    }

    /** Reads the element that must fill {@code bytes} exactly. */
    static Element readWhole(byte[] bytes) throws DerException {
        Element e = read(bytes, 0, bytes.length);
        if (e.end != bytes.length) {
            throw new DerException("unexpected bytes after the structure");
        }
        return e;
    }

    /** Reads one element that starts at {@code at} and ends before {@code limit}. */
    static Element read(byte[] bytes, int at, int limit) throws DerException {
        if (at + 2 > limit) {
            throw new DerException("the structure is cut short");
        }
        int tag = bytes[at] & 0xff;
        int lengthByte = bytes[at + 1] & 0xff;
        int value = at + 2;
        long length;
        if (lengthByte < 0x80) {
            length = lengthByte;
        } else {
            int octets = lengthByte & 0x7f;
            if (octets == 0 || octets > 4 || value + octets > limit) {
                throw new DerException("bad length");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (bytes[value + i] & 0xff);
            }
            value += octets;
        }
        if (length > limit - value) {
            throw new DerException("the structure is cut short");
        }
        return new Element(tag, bytes, at, value, value + (int) length);
    }

    /** Encodes one element from its tag and the concatenation of {@code parts}. */
    static byte[] encode(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
