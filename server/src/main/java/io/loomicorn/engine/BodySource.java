package io.loomicorn.engine;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Supplies more bytes of a connection to the request body decoder.
 */
@FunctionalInterface
public interface BodySource {

    /**
     * Reads more bytes into {@code buffer}, which is in read mode (its remaining bytes are
     * unread input). The implementation compacts, fills and flips it.
     *
     * @param buffer the connection's input buffer
     * @return {@code false} at end of stream
     * @throws IOException if reading fails
     */
    boolean fill(ByteBuffer buffer) throws IOException;
}
