package io.loomicorn.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A log file that the master and the workers append to, and that USR1 reopens.
 *
 * <p>{@link FileOutputStream} in append mode opens with {@code O_APPEND} and writes an
 * array with one {@code write(2)} call, which is what {@link LogTarget} promises. It is
 * also not an interruptible channel: a thread interrupted while logging does not close
 * the file for everybody, as a {@code FileChannel} would.
 */
final class LogFile implements LogTarget {

    /** Whole lines up to this size are collected before a write; larger lines go alone. */
    static final int BATCH_LIMIT = 64 * 1024;

    private final Path path;
    private volatile FileOutputStream out;

    /**
     * Opens (and creates if needed) a log file for appending.
     *
     * @param path the file
     * @throws IOException if it cannot be opened
     */
    LogFile(Path path) throws IOException {
        this.path = path;
        this.out = open(path);
    }

    private static FileOutputStream open(Path path) throws IOException {
        return new FileOutputStream(path.toFile(), true);
    }

    /** Returns the file's path. */
    Path path() {
        return path;
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
    }

    @Override
    public int atomicWriteLimit() {
        return BATCH_LIMIT;
    }

    @Override
    public void reopen() throws IOException {
        FileOutputStream next = open(path);
        FileOutputStream old = out;
        out = next;
        try {
            old.close();
        } catch (IOException e) {
            // the old file is gone from our view either way
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    @Override
    public String describe() {
        return path.toString();
    }
}
