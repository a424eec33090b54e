package io.loomicorn.master;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The master's pid file: refused when it names another live process, written
 * atomically, and removed at exit only if it still holds this master's pid.
 */
final class Pidfile {

    private final Path path;
    private final long pid = ProcessHandle.current().pid();

    Pidfile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /**
     * Fails if the file names a live process other than this one.
     *
     * @throws IOException with a one-line message
     */
    void checkNotRunning() throws IOException {
        long other = read();
        if (other > 0 && other != pid && ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IOException("Error: already running on PID " + other + " (or pid file '" + path + "' is stale)");
        }
    }

    /**
     * Writes this master's pid, atomically (temporary file and rename).
     *
     * @throws IOException if the directory is not writable
     */
    void write() throws IOException {
        Path dir = path.getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".loomicorn-pid-", ".tmp");
        } catch (IOException e) {
            throw new IOException("Error: cannot write the pid file " + path + ": " + e, e);
        }
        try {
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            tmp.toFile().setReadable(true, false);
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Removes the file if it still holds this master's pid. */
    void remove() {
        try {
            if (read() == pid) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // nothing more to do at exit
        }
    }

    private long read() throws IOException {
        if (!Files.exists(path)) {
            return -1;
        }
        String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1; // garbage: treat as stale
        }
    }
}
