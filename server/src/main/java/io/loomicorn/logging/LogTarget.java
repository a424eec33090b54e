package io.loomicorn.logging;

import java.io.IOException;

/**
 * Where a {@link LineAppender} writes: a log file or a standard stream.
 *
 * <p>Several processes (the master and every worker) write to the same target. A target
 * therefore guarantees that each {@link #write} is one {@code write(2)} call on a
 * descriptor opened with {@code O_APPEND}: Linux then places the whole write at the end
 * of the file, and writes of different processes never interleave. The appender only
 * ever writes whole lines, so lines of different processes never mix either.
 */
sealed interface LogTarget permits LogFile, StandardStream {

    /**
     * Writes bytes with one system call.
     *
     * @param bytes the buffer
     * @param off   the first byte
     * @param len   how many bytes
     * @throws IOException if the write fails
     */
    void write(byte[] bytes, int off, int len) throws IOException;

    /**
     * Returns the largest write that stays whole on this target: for a file any size
     * the appender buffers, for a pipe {@code PIPE_BUF} (4096 bytes on Linux), beyond which
     * the kernel may split a write and interleave another process's bytes.
     */
    int atomicWriteLimit();

    /**
     * Opens the file again by its name, so that a file that logrotate moved away is
     * replaced by a new one. Standard streams ignore this.
     *
     * @throws IOException if the file cannot be opened; the old one stays in use
     */
    void reopen() throws IOException;

    /** Releases the target (a standard stream stays open). */
    void close();

    /** Describes the target for messages: a path, {@code stdout} or {@code stderr}. */
    String describe();
}
