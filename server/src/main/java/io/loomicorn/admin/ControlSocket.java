package io.loomicorn.admin;

import io.loomicorn.internal.Posix;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.metrics.MasterView;
import io.loomicorn.metrics.MetricsLedger;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The control socket ({@code control_socket}): a Unix stream socket on which
 * {@code loomicorn ctl} sends one command line and reads the answer until the master
 * closes the connection.
 *
 * <p>The answer's first line is {@code OK} or {@code ERROR}; the lines after it are for
 * the user. {@code status} and {@code workers} are answered from the master's view; the
 * other commands go to the arbiter's queue and are carried out as the signals they stand
 * for ({@link ControlCommand.Action#signals()}); the answer waits until the arbiter did it
 * (at most {@value #ANSWER_SECONDS} s). A client has {@value #CLIENT_SECONDS} s to send its line.
 */
public final class ControlSocket implements AutoCloseable {

    static final long ANSWER_SECONDS = 10;
    static final long CLIENT_SECONDS = 5;
    private static final int MAX_LINE = 1024;

    private final ServerSocketChannel channel;
    private final Path path;
    private final Supplier<MasterView> view;
    private final MetricsLedger ledger;
    private final MasterControl master;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlSocket(ServerSocketChannel channel, Path path, Supplier<MasterView> view, MetricsLedger ledger,
                          MasterControl master) {
        this.channel = channel;
        this.path = path;
        this.view = view;
        this.ledger = ledger;
        this.master = master;
        this.acceptor = Thread.ofVirtual().name("loomicorn-control-socket").start(this::accept);
    }

    /**
     * Creates the socket file with its mode and starts answering.
     *
     * @param path   {@code control_socket}
     * @param mode   {@code control_socket_mode}
     * @param view   the master's latest view
     * @param ledger the metrics
     * @param master the arbiter
     * @return the running socket
     * @throws IOException with one line if the socket cannot be created
     */
    public static ControlSocket start(Path path, int mode, Supplier<MasterView> view, MetricsLedger ledger,
                                      MasterControl master) throws IOException {
        Path absolute = path.toAbsolutePath();
        ServerSocketChannel ch;
        try {
            if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                    throw new IOException("the file exists and is not a socket");
                }
                Files.delete(absolute); // a stale socket of an earlier run
            }
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            // Created with the mode's bits only, then given exactly the mode (umask can only take bits away).
            int previous = Posix.umask(~mode & 0777);
            try {
                ch.bind(UnixDomainSocketAddress.of(absolute), 16);
            } finally {
                Posix.umask(previous);
            }
            Files.setPosixFilePermissions(absolute, permissions(mode));
        } catch (IOException e) {
            throw new IOException("Error: can't create the control socket " + absolute + ": " + e.getMessage());
        }
        ServerLog.ERROR.info("Control socket listening at {}", absolute);
        return new ControlSocket(ch, absolute, view, ledger, master);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** Returns the socket's path. */
    public Path path() {
        return path;
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                ServerLog.ERROR.debug("Control socket: accept failed: {}", e.toString());
                continue;
            }
            Thread.ofVirtual().name("loomicorn-control-client").start(() -> serve(client));
        }
    }

    private void serve(SocketChannel client) {
        // A client that sends nothing is cut off; reads on a channel have no timeout of their own.
        Thread deadline = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(CLIENT_SECONDS + ANSWER_SECONDS));
                client.close();
            } catch (InterruptedException | IOException e) {
                // answered in time
            }
        });
        try (client) {
            String line = readLine(client);
            if (line == null) {
                return;
            }
            String answer = answer(line);
            client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            ServerLog.ERROR.debug("Control socket: {}", e.toString());
        } finally {
            deadline.interrupt();
        }
    }

    /** Answers one command line: {@code OK} or {@code ERROR}, then text. */
    String answer(String line) {
        ControlCommand command;
        try {
            command = ControlCommand.parse(line);
        } catch (IllegalArgumentException e) {
            return "ERROR\n" + e.getMessage() + "\n";
        }
        return switch (command) {
            case ControlCommand.Status s -> "OK\n" + MasterReport.read(view.get(), ledger).statusText();
            case ControlCommand.Workers w -> "OK\n" + MasterReport.read(view.get(), ledger).workersText();
            case ControlCommand.Action action -> {
                ServerLog.ERROR.info("Control socket: {}", line.trim());
                try {
                    yield "OK\n" + master.perform(action).get(ANSWER_SECONDS, TimeUnit.SECONDS) + "\n";
                } catch (TimeoutException e) {
                    yield "ERROR\nthe master did not carry out '" + line.trim() + "' within " + ANSWER_SECONDS + " s\n";
                } catch (ExecutionException e) {
                    yield "ERROR\n" + e.getCause().getMessage() + "\n";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    yield "ERROR\ninterrupted\n";
                }
            }
        };
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE);
        while (buffer.hasRemaining()) {
            int n = client.read(buffer);
            for (int i = buffer.position() - Math.max(n, 0); i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    return new String(buffer.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
            if (n < 0) {
                return buffer.position() == 0 ? null : new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            }
        }
        client.write(ByteBuffer.wrap(("ERROR\na command is one line of at most " + MAX_LINE + " bytes\n")
                .getBytes(StandardCharsets.UTF_8)));
        return null;
    }

    /** Stops answering and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
        acceptor.interrupt();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            ServerLog.ERROR.debug("Could not remove {}: {}", path, e.getMessage());
        }
    }
}
