package io.loomicorn.worker;

import io.loomicorn.internal.Posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The line protocol between the master and one worker, over their Unix socket pair.
 *
 * <p>Worker to master: {@code BOOTED} when it serves; {@code FAILED <code> <reason>}
 * before it exits for a boot failure; {@code RETIRE} when {@code max_requests} is used
 * up. Master to worker: {@code ABORT} before a WORKER TIMEOUT kill. End of stream means
 * the other process is gone. One reader thread and any number of writers may use it.
 */
public final class ControlChannel {

    /** A worker is serving. */
    public static final String BOOTED = "BOOTED";
    /** A worker failed to boot: {@code FAILED <exit code> <one-line reason>}. */
    public static final String FAILED = "FAILED";
    /** A worker used up its request budget and asks for a replacement. */
    public static final String RETIRE = "RETIRE";
    /** The master is about to kill a stuck worker. */
    public static final String ABORT = "ABORT";

    private final int fd;
    private final byte[] buf = new byte[4096];
    private int start;
    private int end;

    /**
     * Wraps a connected socket descriptor.
     *
     * @param fd the descriptor
     */
    public ControlChannel(int fd) {
        this.fd = fd;
    }

    /** Returns the descriptor. */
    public int fd() {
        return fd;
    }

    /**
     * Sends one line; the text must not contain a newline.
     *
     * @param line the message
     * @throws IOException if the peer is gone
     */
    public synchronized void send(String line) throws IOException {
        byte[] bytes = (line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
        Posix.write(fd, bytes, 0, bytes.length);
    }

    /**
     * Reads the next line, blocking.
     *
     * @return the line without its newline, or {@code null} at end of stream
     * @throws IOException if reading fails
     */
    public String readLine() throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buf[i] == '\n') {
                    String line = new String(buf, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return line;
                }
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                throw new IOException("control line longer than " + buf.length + " bytes");
            }
            int n = Posix.read(fd, buf, end, buf.length - end);
            if (n < 0) {
                return null;
            }
            end += n;
        }
    }

    /** Closes the descriptor. */
    public void close() {
        try {
            Posix.close(fd);
        } catch (IOException e) {
            // already gone
        }
    }
}
