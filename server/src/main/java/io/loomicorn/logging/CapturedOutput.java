package io.loomicorn.logging;

import io.loomicorn.internal.JvmFlags;
import io.loomicorn.internal.Posix;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;

/**
 * Points standard output and standard error at the error log file, at the descriptor
 * level, as gunicorn's {@code capture_output} does with {@code dup2}.
 *
 * <p>Working on descriptors 1 and 2 rather than on {@link System#out} catches everything:
 * the application's {@code System.out} and {@code System.err}, a logging library's
 * console appender, native code and the JVM's own messages. The file is opened with
 * {@code O_APPEND}, like every other writer of the error log. USR1 does it again, so that
 * after logrotate the descriptors point at the new file.
 */
final class CapturedOutput {

    private CapturedOutput() {
    }

    /**
     * Makes descriptors {@code fds} write to the end of {@code file}.
     *
     * @param file the error log file
     * @param fds  1, 2 or both
     * @throws IOException if the file cannot be opened or the descriptors not replaced
     */
    static void redirect(Path file, int... fds) throws IOException {
        if (fds.length == 0) {
            return;
        }
        System.out.flush();
        System.err.flush();
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            int fd = descriptor(out.getFD());
            for (int target : fds) {
                Posix.dup2(fd, target);
            }
        }
    }

    private static int descriptor(FileDescriptor fd) throws IOException {
        try {
            Field f = FileDescriptor.class.getDeclaredField("fd");
            f.setAccessible(true);
            return f.getInt(fd);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot read a file descriptor number; the JVM needs "
                    + JvmFlags.requiredLine() + " (the loomicorn launcher passes them)", e);
        }
    }
}
