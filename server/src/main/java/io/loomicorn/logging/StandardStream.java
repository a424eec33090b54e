package io.loomicorn.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * Standard output or standard error, written at the descriptor.
 *
 * <p>Writing to descriptor 1 or 2 directly, rather than through {@link System#out}, keeps
 * the server's log lines where they belong when an application replaces
 * {@code System.out} or {@code System.err}. The master and its workers share these
 * descriptors; a pipe keeps a write whole only up to {@code PIPE_BUF}, so batches stay
 * below it.
 */
enum StandardStream implements LogTarget {

    /** Descriptor 1. */
    STDOUT(FileDescriptor.out, "stdout"),
    /** Descriptor 2. */
    STDERR(FileDescriptor.err, "stderr");

    /** {@code PIPE_BUF} on Linux: the largest write a pipe never splits. */
    static final int PIPE_BUF = 4096;

    private final FileOutputStream out;
    private final String name;

    StandardStream(FileDescriptor fd, String name) {
        this.out = new FileOutputStream(fd);
        this.name = name;
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
    }

    @Override
    public int atomicWriteLimit() {
        return PIPE_BUF;
    }

    @Override
    public void reopen() {
        // Nothing to reopen: capture_output handles the descriptors themselves.
    }

    @Override
    public void close() {
        // The process keeps its standard streams.
    }

    @Override
    public String describe() {
        return name;
    }
}
