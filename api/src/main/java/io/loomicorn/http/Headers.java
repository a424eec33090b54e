package io.loomicorn.http;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * An ordered, multi-valued collection of HTTP header fields.
 *
 * <p>Names compare case-insensitively (ASCII). Fields keep the order and the spelling
 * in which they were received or added, so {@link #name(int)} returns a name exactly
 * as it appeared on the wire. Values are decoded as ISO-8859-1, byte for byte, with
 * leading and trailing whitespace removed, as RFC 9110 §5.5 describes.
 *
 * <p>Request headers are read-only; response headers are a {@link MutableHeaders}.
 */
public interface Headers {

    /** Returns the number of fields, counting each repetition of a name. */
    int size();

    /**
     * Returns the name of field {@code index}, spelled as received.
     *
     * @param index 0 to {@code size() - 1}
     * @return the field name
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    String name(int index);

    /**
     * Returns the value of field {@code index}.
     *
     * @param index 0 to {@code size() - 1}
     * @return the field value
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    String value(int index);

    /**
     * Returns the value of the first field with this name.
     *
     * @param name a field name, in any case
     * @return the first value, or {@code null} if no field has this name
     */
    String first(String name);

    /**
     * Returns every value of the fields with this name, in order.
     *
     * @param name a field name, in any case
     * @return the values; empty if no field has this name
     */
    List<String> all(String name);

    /**
     * Tells whether a field with this name is present.
     *
     * @param name a field name, in any case
     * @return {@code true} if at least one field has this name
     */
    default boolean contains(String name) {
        return first(name) != null;
    }

    /** Returns {@code true} if there are no fields. */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Calls {@code action} with each field's name and value, in order.
     *
     * @param action receives name and value
     */
    default void forEach(BiConsumer<String, String> action) {
        for (int i = 0, n = size(); i < n; i++) {
            action.accept(name(i), value(i));
        }
    }
}
